/**
 * Redaction of credentials in text before it reaches an error: the exact secrets the client
 * holds (its current token), and secrets recognised by their shape (`Bearer ...`, JSON keys and
 * form fields named like secrets, JSON Web Tokens). The same rules as the Python client's
 * `redact_text`.
 */

/** What a secret is replaced with. */
export const REDACTED = "***";

/** Keys (JSON keys, form fields; case-insensitive) whose value is always redacted. */
export const SECRET_KEYS: readonly string[] = [
  "access_token",
  "api_key",
  "apikey",
  "authorization",
  "client_secret",
  "cookie",
  "id_token",
  "password",
  "proxy-authorization",
  "refresh_token",
  "secret",
  "set-cookie",
  "token",
  "x-api-key",
];

/** Known secrets shorter than this are not replaced by value ("a" would wreck every text). */
const MIN_SECRET_LENGTH = 4;

const KEYS = [...SECRET_KEYS].sort((a, b) => b.length - a.length).join("|");

/** Patterns and their replacements, applied in order after the known secrets. */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/^(\s*(?:proxy-)?authorization\s*:\s*).+$/gim, `$1${REDACTED}`],
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  [
    new RegExp(`("(?:${KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"),
    `$1"${REDACTED}"`,
  ],
  [
    new RegExp(`("(?:${KEYS})"\\s*:\\s*)(?!"|\\s)[^,}\\]\\s]+`, "gi"),
    `$1"${REDACTED}"`,
  ],
  [
    new RegExp(`(^|[^\\w-])((?:${KEYS})=)[^&\\s"',;]+`, "gi"),
    `$1$2${REDACTED}`,
  ],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * `text` with credentials replaced by `***`: every occurrence of a known `secret` (four
 * characters or more), then anything shaped like a credential.
 */
export function redactText(
  text: string,
  secrets: readonly (string | undefined)[] = [],
): string {
  const known = [
    ...new Set(
      secrets.filter(
        (secret): secret is string =>
          secret !== undefined && secret.length >= MIN_SECRET_LENGTH,
      ),
    ),
  ].sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of known) {
    result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
