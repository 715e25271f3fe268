import { VERSION } from '../version.ts';
import type { DoctorReport } from './doctor.ts';
import { REDACTED, redactSample } from './redact.ts';

/**
 * The `doctor --out` file: the differences with their sample items, ready
 * to attach to a bug report. Samples are redacted (redact.ts), and every
 * known secret (client id and secret, tokens) and the user's slug are
 * replaced wherever they might still appear, request paths included.
 */
export function reportFile(
  report: DoctorReport,
  meta: { apiUrl: string; generatedAt: string; secrets: readonly string[] },
): string {
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of meta.secrets) if (secret.length >= 3) out = out.split(secret).join(REDACTED);
    return out;
  };
  const document = {
    traktdb: VERSION,
    generated_at: meta.generatedAt,
    // Which Trakt, without anything that could carry credentials.
    api: safeOrigin(meta.apiUrl),
    requests: report.requests,
    checked: report.checked,
    differences: report.differences.map((d) => ({
      resource: d.resource,
      kind: d.kind,
      message: scrub(d.message),
      request: scrub(d.request),
      samples: d.samples.map(redactSample),
    })),
  };
  return `${scrub(JSON.stringify(document, null, 2))}\n`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return REDACTED;
  }
}
