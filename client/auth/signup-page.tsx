import { useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../shared/api/auth.ts';
import { signup, validateSignup } from '../api/auth.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { FormError } from '../lib/form-error.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AuthLayout, InviteContext } from './auth-layout.tsx';
import { safeNext, withNext } from './next-path.ts';
import { useSession } from './session.tsx';

/**
 * `/signup?next=…`: name, e-mail and password. The server starts the session on signup
 * (201), so the person lands on `next` (an invitation, usually) or the statement list.
 */
export function SignupPage() {
  useDocumentTitle('Create an account');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const nameId = useId();
  const emailId = useId();
  const passwordId = useId();
  const passwordHintId = useId();
  const errorId = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; emailTaken: boolean } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session.status === 'signed-in' && !session.offline) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const request = { name: name.trim(), email: email.trim(), password };
    const problem = validateSignup(request);
    if (problem) return setError({ message: problem, emailTaken: false });
    setError(null);
    setSubmitting(true);
    try {
      await signup(request);
      if (!(await session.refresh())) {
        setError({ message: 'Your account was created, but it could not be loaded. Reload the page.', emailTaken: false });
      }
    } catch (caught) {
      setError({ message: errorMessage(caught), emailTaken: hasErrorCode(caught, 'EMAIL_TAKEN') });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AuthLayout title="Create your Jointly account" intro={<InviteContext next={next} />}>
      <form onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
        <label htmlFor={nameId}>
          Your name <span className="label-hint">(shown to the people you write with)</span>
        </label>
        <input id={nameId} name="name" type="text" autoComplete="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />

        <label htmlFor={emailId}>E-mail address</label>
        <input id={emailId} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />

        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby={passwordHintId}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p id={passwordHintId} className="field-hint">
          At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.
        </p>

        {error && (
          <FormError id={errorId}>
            {error.message}
            {error.emailTaken && (
              <>
                {' '}
                <Link to={withNext('/login', next)}>Log in</Link>
              </>
            )}
          </FormError>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={submitting}>
          {submitting ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-card__switch">
        Already have an account? <Link to={withNext('/login', next)}>Log in</Link>
      </p>
    </AuthLayout>
  );
}
