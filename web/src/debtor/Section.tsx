import { Paper, Title } from '@mantine/core';
import { ReactNode } from 'react';

/** One part of the page: a card with its heading, the page's sections one under the other. */
export function Section({ id, title, accent, children }: { id?: string; title: string; accent?: string; children: ReactNode }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <Paper
      component="section"
      id={id}
      aria-labelledby={headingId}
      withBorder
      radius="md"
      p="md"
      style={accent ? { borderTop: `4px solid ${accent}` } : undefined}
    >
      <Title order={2} size="h3" mb="sm" id={headingId}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
