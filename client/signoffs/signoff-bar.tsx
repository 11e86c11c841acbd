import { Anchor, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { progressText, signoffProgress } from './progress.ts';
import { SignoffDialog } from './signoff-dialog.tsx';
import { signoffState } from './signoff-state.ts';
import './signoff-bar.css';

interface Props {
  statement: StatementDetail;
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
}

const STATUS: Record<StatementDetail['status'], string> = { drafting: 'Drafting', locked: 'Locked', published: 'Published' };

/**
 * On a phone (below 48em; hidden wider, where the sign-off column is beside or just below a
 * screen of text), a bar stuck to the bottom of the screen: the status and how far sign-off
 * has come ("Locked · 1 of 3 signed"), "Review and sign for <org>" for each organization the
 * reader may sign for that has not signed the current text (the same sign-off dialog as in
 * the column), and a link to the sign-off details. So signing never waits behind the whole text.
 *
 * Contract for tests: `data-testid="signoff-bar"`, `signoff-bar-progress`, buttons "Review
 * and sign for <org>" (`data-testid="signoff-bar-sign"`), link "Sign-off details".
 */
export function SignoffBar({ statement, signBlockedReason, onChanged, onStale }: Props) {
  const [signingFor, setSigningFor] = useState<string | null>(null);
  const canSignFor = new Set(statement.canSignFor);
  const toSign = statement.status === 'published' ? [] : statement.participants.filter((p) => canSignFor.has(p.orgId) && signoffState(p) !== 'current');
  const signing = statement.participants.find((p) => p.orgId === signingFor) ?? null;

  return (
    <div className="signoff-bar" data-testid="signoff-bar" role="region" aria-label="Sign-off">
      <Text size="sm" data-testid="signoff-bar-progress">
        {STATUS[statement.status]} · {progressText(signoffProgress(statement))}
      </Text>
      <Group gap="xs" wrap="wrap">
        {toSign.map((participant) => (
          <Button
            key={participant.orgId}
            size="compact-sm"
            data-testid="signoff-bar-sign"
            aria-haspopup="dialog"
            disabled={signBlockedReason !== null}
            title={signBlockedReason ?? undefined}
            onClick={() => setSigningFor(participant.orgId)}
          >
            Review and sign for {participant.name}
          </Button>
        ))}
        <Anchor href="#participants-heading" size="sm">
          Sign-off details
        </Anchor>
      </Group>
      {signing && (
        <SignoffDialog
          statement={statement}
          participant={signing}
          signBlockedReason={signBlockedReason}
          onChanged={onChanged}
          onStale={onStale}
          onClose={() => setSigningFor(null)}
        />
      )}
    </div>
  );
}
