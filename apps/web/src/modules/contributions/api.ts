/** Calls of the contributions: content (versioned), workflow steps, comments and evidence. */
import { api, unwrap, unwrapVersioned, uploadWithProgress, type UploadHandle } from '../../app/api-client';
import type { ContributionPatch, ContributionQuery, Evidence, EvidenceUpload, Transition } from '../../app/api-types';
import { attachment, saveBlob } from '../../app/download';

/** A file to attach (the schema's `format: binary` part is a string to the generator: here, the File). */
export type EvidenceFileInput = Required<Pick<EvidenceUpload, 'title' | 'confidentiality'>> & { file: File };
export type EvidenceLinkInput = Required<Pick<EvidenceUpload, 'url' | 'title' | 'confidentiality'>>;

export const contributionsApi = {
  list: (query: ContributionQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/contributions', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrapVersioned(api.GET('/api/v1/contributions/{id}', { params: { path: { id } }, signal })),
  update: (id: string, patch: ContributionPatch, etag: string) =>
    unwrapVersioned(api.PATCH('/api/v1/contributions/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch })),
  /** A workflow step; `If-Match` (optional for the API) makes it refuse a step on a version I have not seen. */
  transition: (id: string, body: Transition, etag?: string) =>
    unwrapVersioned(
      api.POST('/api/v1/contributions/{id}/transitions', { params: { path: { id }, ...(etag ? { header: { 'If-Match': etag } } : {}) }, body }),
    ),
  comments: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/contributions/{id}/comments', { params: { path: { id } }, signal })),
  addComment: (id: string, body: string) => unwrap(api.POST('/api/v1/contributions/{id}/comments', { params: { path: { id } }, body: { body } })),
  addLink: (id: string, link: EvidenceLinkInput) => unwrap(api.POST('/api/v1/contributions/{id}/evidence', { params: { path: { id } }, body: link })),
  removeEvidence: async (id: string): Promise<void> => {
    await unwrap(api.DELETE('/api/v1/evidence/{id}', { params: { path: { id } } }));
  },

  /**
   * A file, with upload progress: sent by `uploadWithProgress` (XMLHttpRequest, as `fetch` cannot report
   * progress) with the same token, refresh and errors as the client.
   */
  uploadEvidence: (contributionId: string, input: EvidenceFileInput, onProgress: (fraction: number) => void): UploadHandle<Evidence> =>
    uploadWithProgress<Evidence>(
      `/api/v1/contributions/${encodeURIComponent(contributionId)}/evidence`,
      () => {
        const form = new FormData();
        form.append('title', input.title);
        form.append('confidentiality', input.confidentiality);
        form.append('file', input.file, input.file.name);
        return form;
      },
      onProgress,
    ),

  /** Downloads an evidence file with the bearer token (a plain link would not carry it). */
  downloadEvidence: async (evidence: Evidence): Promise<void> => {
    if (!evidence.downloadPath) return;
    const fallback = evidence.fileName ?? evidence.title;
    const { blob } = await attachment(
      api.GET('/api/v1/evidence/{id}/download', { params: { path: { id: evidence.id } }, parseAs: 'blob', headers: { Accept: '*/*' } }),
      fallback,
    );
    saveBlob(blob, fallback);
  },
};
