import { Paper, Stack, Text, Title } from '@mantine/core';

/** A link that opens nothing (or not now): said calmly, with what to do instead. */
export function LinkProblem({ title, text }: { title: string; text: string }) {
  return (
    <Paper withBorder radius="md" p="lg" mt="md">
      <Stack gap="sm">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text>{text}</Text>
      </Stack>
    </Paper>
  );
}
