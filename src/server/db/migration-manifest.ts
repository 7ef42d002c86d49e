/** The committed record of each landed migration's sha256, in `sha256sum`'s format: "<hex>  <file>". */
export const MANIFEST_FILE = 'SHA256SUMS';

export function readManifest(text: string): Map<string, string> {
  const manifest = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    if (!match) throw new Error(`${MANIFEST_FILE} line ${i + 1} is not "<sha256>  <file>": ${line}`);
    if (manifest.has(match[2])) throw new Error(`${MANIFEST_FILE} line ${i + 1}: ${match[2]} is listed twice`);
    manifest.set(match[2], match[1]);
  });
  return manifest;
}

export function formatManifest(manifest: Map<string, string>): string {
  return [...manifest.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, sum]) => `${sum}  ${file}\n`)
    .join('');
}
