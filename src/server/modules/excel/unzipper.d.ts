// The part of unzipper (random access to a zip held in memory) that the upload's size check uses.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  export interface CentralDirectoryFile {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(): Readable;
  }
  export const Open: { buffer(data: Buffer): Promise<{ files: CentralDirectoryFile[] }> };
}
