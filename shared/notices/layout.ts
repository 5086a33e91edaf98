import type { Language } from '../model/tenant.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Tenant-given text (names) goes into HTML escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Plain text as HTML paragraphs, escaped: blank lines split them, single line breaks stay as `<br>`. */
export function htmlParagraphs(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** The plain layout of ordinary operational notices; breach messages will get their own. */
export function renderNotice(language: Language, title: string, paragraphs: string[], list: string[] = [], footerText?: string) {
  const footer =
    footerText ??
    (language === 'sl'
      ? 'To sporočilo je poslal Skrbnik, ker ste kontaktna oseba svoje organizacije.'
      : 'Skrbnik sent this message because you are a contact of your organisation.');
  const text = [title, '', ...paragraphs, ...(list.length > 0 ? ['', ...list.map((l) => `- ${l}`)] : []), '', footer].join('\n');
  const html = `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">
<h1 style="font-size:1.2em">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${list.length > 0 ? `<ul>${list.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}
<p style="color:#666;font-size:0.8em">${escapeHtml(footer)}</p>
</body></html>`;
  return { text, html };
}
