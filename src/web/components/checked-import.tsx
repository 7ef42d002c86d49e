// "Check, then import" for a file list (CSV or XLSX): the check is the same upload with dryRun=true (nothing
// written); a refused file carries one error detail per wrong row or cell, listed beside the form; the import
// itself refreshes the queries it changes. Shared by the pages that import lists (tasks, takedown cases).
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, apiUpload, type ApiErrorDetail, type QueryValue } from '../api/client.ts';

export interface CheckedImportOptions {
  /** The upload route, e.g. '/api/tasks/import'. */
  url: string;
  /** The route's query besides dryRun (read when the file is sent). */
  query?: () => Record<string, QueryValue>;
  /** Refreshed after a real import (never after a check). */
  invalidates: QueryKey;
  /** Which error details name a row or cell of the file (listed in the page's table). */
  isRowError: (detail: ApiErrorDetail) => boolean;
}

export interface CheckedImport<R> {
  file: File | null;
  setFile: (file: File | null) => void;
  /** Sends the file as a check (dryRun=true). */
  check: () => void;
  /** The form's submit: sends the file to be imported. */
  submit: (e?: FormEvent) => void;
  /** Forgets the last answer (when the list's kind or a parameter changes). */
  reset: () => void;
  pending: boolean;
  /** The upload's progress, 0 to 1. */
  progress: number;
  error: Error | null;
  /** The errors that name a row or cell of the file; empty when the error is about the request as a whole. */
  rows: ApiErrorDetail[];
  /** The message for a field of the form (e.g. 'file'), when the error is not about rows. */
  fieldError: (path: string) => string | undefined;
  /** The last answer: a check's (dryRun) or an import's. */
  result: R | undefined;
}

export function useCheckedImport<R extends { dryRun: boolean }>(options: CheckedImportOptions): CheckedImport<R> {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const send = useMutation({
    mutationFn: (dryRun: boolean) => {
      const form = new FormData();
      if (file) form.append('file', file);
      return apiUpload<R>(options.url, form, setProgress, { dryRun: dryRun ? 'true' : 'false', ...options.query?.() });
    },
    onSuccess: (r) => {
      if (!r.dryRun) void queryClient.invalidateQueries({ queryKey: options.invalidates });
    },
  });
  const error = send.error;
  const rows = error instanceof ApiError ? error.details.filter(options.isRowError) : [];
  return {
    file,
    setFile,
    check: () => send.mutate(true),
    submit: (e) => {
      e?.preventDefault();
      send.mutate(false);
    },
    reset: () => send.reset(),
    pending: send.isPending,
    progress,
    error,
    rows,
    fieldError: (path) => (error instanceof ApiError && rows.length === 0 ? error.details.find((d) => d.path === path)?.message : undefined),
    result: send.data,
  };
}

/** The two buttons of a checked import: check (nothing written) and import (the form's submit); both wait for a file. */
export function CheckedImportButtons({ upload, checkLabel, runLabel }: { upload: CheckedImport<unknown>; checkLabel: string; runLabel: string }) {
  const disabled = !upload.file || upload.pending;
  return (
    <>
      <button type="button" className="btn" disabled={disabled} onClick={upload.check}>
        {checkLabel}
      </button>
      <button type="submit" className="btn btn-primary" disabled={disabled}>
        {runLabel}
      </button>
    </>
  );
}
