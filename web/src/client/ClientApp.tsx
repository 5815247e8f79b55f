import { Title } from '@mantine/core';
import { Shell } from '../components/Shell';

export default function ClientApp() {
  return (
    <Shell nav={[{ to: '/client', label: 'client', end: true }]}>
      <Title order={1} size="h3">
        client
      </Title>
    </Shell>
  );
}
