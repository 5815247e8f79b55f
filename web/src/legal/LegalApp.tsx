import { Title } from '@mantine/core';
import { Shell } from '../components/Shell';

export default function LegalApp() {
  return (
    <Shell nav={[{ to: '/legal', label: 'legal', end: true }]}>
      <Title order={1} size="h3">
        legal
      </Title>
    </Shell>
  );
}
