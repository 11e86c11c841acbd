import { Button, Card, FileInput, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import { MAX_TITLE_LENGTH, type CreateStatementRequest } from '../../shared/api/statements.ts';
import { hasRole } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { createStatement, validateCreateStatement } from '../api/statements.ts';
import { storeStatement } from '../queries/statements.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { TitleCounter } from '../orgs/first-statement-card.tsx';
import { PastedTextPreview } from './pasted-text-preview.tsx';

/**
 * "New statement": a title (required, but for a Word file, whose own title is taken), the lead organization (one of the person's
 * organizations where they are editor or stronger: "Lead organization") and, optionally,
 * text to start from: pasted Markdown, pasted formatted text (sent as HTML), or a Word,
 * Markdown or HTML file. On success it opens the new statement. Without
 * such an organization the form is replaced by an explanation.
 */
export function NewStatementForm({ memberships }: { memberships: Membership[] }) {
  const leadOptions = memberships.filter((m) => hasRole(m.role, 'editor')).sort((a, b) => a.orgName.localeCompare(b.orgName));
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="new-statement-heading">
      <Title order={2} size="h4" id="new-statement-heading" mb="sm">
        New statement
      </Title>
      {leadOptions.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="new-statement-unavailable">
          Starting a statement needs the editor role in an organization. You are a viewer in {memberships.map((m) => m.orgName).join(', ')}; ask an admin there
          for the editor role, or create your own organization under “Your organizations”.
        </Text>
      ) : (
        <NewStatementFields leadOptions={leadOptions} />
      )}
    </Card>
  );
}

function NewStatementFields({ leadOptions }: { leadOptions: Membership[] }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [leadOrgId, setLeadOrgId] = useState(leadOptions[0]?.orgId ?? '');
  const [markdown, setMarkdown] = useState('');
  // Rich text pasted from Word, Google Docs or a web page: shown formatted (not as a flattened
  // text box that would lose the formatting at the first edit) and sent as HTML.
  const [pastedHtml, setPastedHtml] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The chosen organization may disappear from the list (role changed elsewhere): fall back to the first.
  const lead = leadOptions.some((m) => m.orgId === leadOrgId) ? leadOrgId : (leadOptions[0]?.orgId ?? '');

  const create = useMutation({
    mutationFn: createStatement,
    onSuccess: (statement) => {
      storeStatement(queryClient, statement);
      void navigate(`/statements/${statement.id}`);
    },
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const request: CreateStatementRequest = { title: title.trim(), leadOrgId: lead };
    if (file) Object.assign(request, await sourceFromFile(file));
    else if (pastedHtml !== null) request.html = pastedHtml;
    else if (markdown.trim() !== '') request.markdown = markdown;
    const invalid = validateCreateStatement(request);
    setProblem(invalid);
    if (!invalid) create.mutate(request);
  }

  const error = problem ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Title"
          name="title"
          required={!isWordFile(file)}
          maxLength={MAX_TITLE_LENGTH}
          autoComplete="off"
          value={title}
          description={isWordFile(file) ? "Leave it empty to use the Word file's own title." : <TitleCounter length={title.length} />}
          error={problem !== null && title.trim() === '' && !isWordFile(file) ? 'Give the statement a title.' : undefined}
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
        <NativeSelect
          label="Lead organization"
          name="leadOrgId"
          description="Drafts the statement and invites partner organizations."
          value={lead}
          data={leadOptions.map((m) => ({ value: m.orgId, label: m.orgName }))}
          onChange={(event) => setLeadOrgId(event.currentTarget.value)}
        />
        {pastedHtml !== null ? (
          <PastedTextPreview html={pastedHtml} onRemove={() => setPastedHtml(null)} />
        ) : (
          <Textarea
            label="Start from existing text"
            description="Optional: paste Markdown, or formatted text from Word or Google Docs."
            name="markdown"
            autosize
            minRows={3}
            maxRows={10}
            value={markdown}
            placeholder={'## Our demands\n\nWe, the undersigned organizations, …'}
            disabled={file !== null}
            onPaste={(event) => {
              const html = event.clipboardData.getData('text/html');
              if (!html || markdown.trim() !== '') return;
              event.preventDefault();
              setPastedHtml(html);
            }}
            onChange={(event) => setMarkdown(event.currentTarget.value)}
          />
        )}
        <FileInput
          label="Or start from a file"
          description="Optional: Word (.docx, up to 1.4 MB), Markdown (.md) or HTML (.html)."
          placeholder="Choose a file"
          clearable
          accept=".docx,.md,.markdown,.html,.htm,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/html"
          value={file}
          onChange={setFile}
        />
        <ErrorAlert>{error}</ErrorAlert>
        <Button type="submit" loading={create.isPending}>
          Create statement
        </Button>
      </Stack>
    </form>
  );
}

function isWordFile(file: File | null): boolean {
  return file !== null && file.name.toLowerCase().endsWith('.docx');
}

/** The request's source from a chosen file: Word as base64 (the server converts it with mammoth), Markdown or HTML as text. */
async function sourceFromFile(file: File): Promise<Pick<CreateStatementRequest, 'docxBase64' | 'markdown' | 'html'>> {
  const name = file.name.toLowerCase();
  if (/\.html?$/.test(name)) return { html: await file.text() };
  if (/\.(md|markdown)$/.test(name)) return { markdown: await file.text() };
  return { docxBase64: await fileToBase64(file) };
}

/** The file's bytes as base64, for the JSON request. */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
