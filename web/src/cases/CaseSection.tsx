import { Group, Paper, Title } from '@mantine/core';
import { ReactNode, useId } from 'react';

/** One part of the case view: a titled, bordered box with room for an audience's own actions. */
export function CaseSection({
  title,
  actions,
  children,
  id,
}: {
  title: string;
  /** Buttons of the audience that shows the section (add a note, send a letter …). */
  actions?: ReactNode;
  children: ReactNode;
  /** An anchor to jump to (defaults to a generated one). */
  id?: string;
}) {
  const generated = useId();
  const headingId = `${id ?? generated}-title`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId} id={id}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5" id={headingId}>
          {title}
        </Title>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Paper>
  );
}
