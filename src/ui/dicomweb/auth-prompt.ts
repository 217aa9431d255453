import type { DicomWebAuth } from '../../sources/dicomweb/dicomweb-client';
import { el } from '../../dom/elements';

export interface CredentialsRequest {
  root: string;
  /** The scheme the server asked for, when it said (a Basic challenge); else the user chooses. */
  scheme: 'basic' | 'bearer' | null;
  /** Credentials were sent and refused: say so, rather than asking as if for the first time. */
  refused: boolean;
}

/**
 * A small sign-in form in place of a failed request: a bearer token, or a user and password for
 * HTTP Basic. Resolves with what was entered, or null when the user cancels. The password and token
 * live only in the returned object (never in storage, never in the address).
 */
export function promptCredentials(host: HTMLElement, request: CredentialsRequest): Promise<DicomWebAuth | null> {
  const heading = request.refused
    ? `${request.root} refused these credentials: try others.`
    : `${request.root} asks for credentials.`;
  const kind = request.scheme ?? 'basic';
  const basic = el('input', { type: 'radio', name: 'dicomweb-auth-kind', value: 'basic', 'data-testid': 'dicomweb-auth-basic' });
  const bearer = el('input', {
    type: 'radio',
    name: 'dicomweb-auth-kind',
    value: 'bearer',
    'data-testid': 'dicomweb-auth-bearer',
  });
  (kind === 'basic' ? basic : bearer).checked = true;
  const user = el('input', { type: 'text', autocomplete: 'username', 'data-testid': 'dicomweb-auth-user' });
  const password = el('input', { type: 'password', autocomplete: 'current-password', 'data-testid': 'dicomweb-auth-password' });
  const token = el('input', { type: 'password', autocomplete: 'off', 'data-testid': 'dicomweb-auth-token' });
  const basicFields = el(
    'div',
    { className: 'auth-fields' },
    el('label', {}, 'User ', user),
    el('label', {}, 'Password ', password),
  );
  const bearerFields = el('div', { className: 'auth-fields' }, el('label', {}, 'Token ', token));
  const cancel = el('button', { type: 'button', 'data-testid': 'dicomweb-auth-cancel' }, 'Cancel');
  const form = el(
    'form',
    { className: 'dicomweb-auth', 'data-testid': 'dicomweb-auth' },
    el('p', {}, heading),
    el('div', { className: 'auth-kind' }, el('label', {}, basic, ' User and password'), el('label', {}, bearer, ' Bearer token')),
    basicFields,
    bearerFields,
    el(
      'div',
      { className: 'auth-actions' },
      el('button', { type: 'submit', 'data-testid': 'dicomweb-auth-submit' }, 'Sign in'),
      cancel,
    ),
  );
  const showFields = () => {
    basicFields.hidden = !basic.checked;
    bearerFields.hidden = !bearer.checked;
  };
  basic.addEventListener('change', showFields);
  bearer.addEventListener('change', showFields);
  showFields();
  host.replaceChildren(form);
  host.hidden = false;
  (basic.checked ? user : token).focus();

  return new Promise((resolve) => {
    const done = (auth: DicomWebAuth | null) => {
      host.replaceChildren();
      host.hidden = true;
      resolve(auth);
    };
    cancel.addEventListener('click', () => done(null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (bearer.checked) {
        if (token.value.trim() !== '') done({ kind: 'bearer', token: token.value.trim() });
        else token.focus();
      } else if (user.value !== '') done({ kind: 'basic', user: user.value, password: password.value });
      else user.focus();
    });
  });
}
