import { Title } from '@mantine/core';

export default function DebtorApp() {
  return <Title order={1}>pay</Title>;
}
