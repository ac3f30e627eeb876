/**
 * The pages' only way to the data: the public API, typed from the committed OpenAPI document
 * (openapi/bhcheck.json → schema.d.ts). Requests carry the session cookie (HttpOnly: this code never
 * sees it) and, for changes, the session's CSRF token, which lives in memory only.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { Problem } from './types';

let csrfToken: string | null = null;
const signedOutListeners = new Set<(reason: string) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a signed-in page (the session expired or was ended). */
export function onSignedOut(listener: (reason: string) => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

function withCsrf(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (csrfToken && method !== 'GET' && method !== 'HEAD') headers.set('X-CSRF-Token', csrfToken);
  return { ...init, headers, credentials: 'same-origin' };
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Partial<Problem>) };
  } catch {
    return { status: response.status, detail: text || response.statusText };
  }
}

/** A 401 to a signed-in page: the session ended, expired or lost its key. */
function reportSignedOut(status: number, problem: Problem): void {
  if (status === 401 && problem.session) signedOutListeners.forEach((l) => l(sessionNotice(problem)));
}

export function sessionNotice(problem: Problem): string {
  if (problem.session === 'EXPIRED') return 'Your session has expired. Sign in again.';
  if (problem.session === 'KEY_REVOKED') return 'Your API key has been revoked. Ask your administrator for a new one.';
  return 'You are signed out.';
}

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
});

/** The data of a typed call, or an ApiProblem (and the signed-out notice on a 401). */
export async function dataOf<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const problem: Problem = { status: response.status, ...((error ?? {}) as Partial<Problem>) };
    reportSignedOut(response.status, problem);
    throw new ApiProblem(problem);
  }
  return data as T;
}

/**
 * For what the typed client cannot express: a body that is a file, an Accept header chosen per call,
 * a paths the document does not have yet. Same cookie, CSRF and problem handling.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, withCsrf(init));
  if (!response.ok) {
    const problem = await problemOf(response);
    reportSignedOut(response.status, problem);
    throw new ApiProblem(problem);
  }
  return response;
}

export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await request(path, init)).json() as Promise<T>;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** POSTs a file with upload progress (fetch cannot report it), answering like request(). */
export function upload<T>(path: string, file: Blob, contentType: string, onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new ApiProblem({ status: 0, detail: 'the service could not be reached' }));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { detail: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const problem = { status: xhr.status, ...(body as Partial<Problem>) };
      reportSignedOut(xhr.status, problem);
      reject(new ApiProblem(problem));
    };
    xhr.send(file);
  });
}
