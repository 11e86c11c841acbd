import { Avatar, Text, Tooltip } from '@mantine/core';
import { caretLabel } from '../collab/presence.ts';
import type { PresentPerson } from '../collab/use-presence.ts';
import { initials } from '../lib/initials.ts';

const MAX_SHOWN = 4;

/**
 * Who else has the statement open: one avatar per person in their organization's colour
 * (the same colour as their caret), "Name · Organization" on hover and for screen readers.
 * Contract for tests: `data-testid="presence"`; each avatar has `data-presence-name`.
 */
export function PresenceAvatars({ people }: { people: PresentPerson[] }) {
  const shown = people.slice(0, MAX_SHOWN);
  const hidden = people.slice(MAX_SHOWN);
  return (
    <div
      data-testid="presence"
      className="presence"
      aria-label={people.length === 0 ? 'Nobody else is here' : `Also here: ${people.map(caretLabel).join(', ')}`}
      role="group"
    >
      {people.length === 0 ? (
        <Text size="sm" c="dimmed" visibleFrom="sm">
          Only you
        </Text>
      ) : (
        <Avatar.Group spacing="sm">
          {shown.map((person) => (
            <Tooltip key={person.clientId} label={caretLabel(person)}>
              <Avatar
                radius="xl"
                size={32}
                data-presence-name={person.name}
                styles={{ placeholder: { background: person.color, color: '#ffffff', border: `2px solid #ffffff` } }}
                aria-hidden="true"
              >
                {initials(person.name)}
              </Avatar>
            </Tooltip>
          ))}
          {hidden.length > 0 && (
            <Tooltip label={hidden.map(caretLabel).join(', ')}>
              <Avatar radius="xl" size={32} aria-hidden="true">
                +{hidden.length}
              </Avatar>
            </Tooltip>
          )}
        </Avatar.Group>
      )}
    </div>
  );
}
