import { Paper, Text } from '@mantine/core';
import { ReactNode } from 'react';

const EDGE = {
  ok: 'var(--mantine-color-teal-8)',
  warn: 'var(--mantine-color-orange-6)',
  error: 'var(--mantine-color-red-8)',
  info: 'var(--mantine-color-gray-5)',
} as const;

/**
 * A remark in a box whose edge carries its meaning (passed, to note, refused, for information);
 * the words stay in the body's text colour, so they read at full contrast on every tone.
 */
export function Notice({
  tone,
  title,
  children,
  role,
  maw,
}: {
  tone: keyof typeof EDGE;
  title?: ReactNode;
  children?: ReactNode;
  role?: 'alert' | 'status';
  maw?: number;
}) {
  return (
    <Paper withBorder p="sm" role={role} maw={maw} style={{ borderLeft: `4px solid ${EDGE[tone]}` }}>
      {title && (
        <Text fw={600} size="sm" mb={children ? 4 : 0}>
          {title}
        </Text>
      )}
      {children && (
        <Text size="sm" component="div">
          {children}
        </Text>
      )}
    </Paper>
  );
}
