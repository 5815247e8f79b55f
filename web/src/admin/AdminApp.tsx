import { Title } from '@mantine/core';
import { Shell } from '../components/Shell';

export default function AdminApp() {
  return (
    <Shell nav={[{ to: '/admin', label: 'admin', end: true }]}>
      <Title order={1} size="h3">
        admin
      </Title>
    </Shell>
  );
}
