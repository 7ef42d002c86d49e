/** Saves a file made in the browser under the given name. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves text made in the browser as a CSV file (UTF-8 with a BOM, so Excel reads the Vietnamese letters). */
export function saveCsv(fileName: string, csv: string): void {
  saveBlob(fileName, new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
}

/**
 * Draws an SVG picture on a canvas and gives it as PNG, at `scale` times its size (sharp on a high-density screen
 * and in print). The SVG is drawn as an image: it must carry everything itself (no web font, no outside file); the
 * system fonts it names have the Vietnamese letters.
 */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('SVG'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('canvas');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG'))), 'image/png'));
}

/** Saves an SVG picture as a PNG file. */
export async function savePng(fileName: string, svg: string, width: number, height: number): Promise<void> {
  saveBlob(fileName, await svgToPng(svg, width, height));
}
