import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { createReadStream } from 'node:fs';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { PaginationQueryDto } from '../../common/pagination.dto.js';
import { FieldMappingDto, ImportJobDetailDto, ImportJobListDto, ImportMappingDto, ImportPresetListDto, ImportPreviewDto, ImportPreviewUploadDto, ImportUploadDto } from './dto/import.dto.js';
import { ImportException, ImportFileError } from './import.errors.js';
import { ImportsService, type FileSource } from './imports.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const BAD_ID = { type: ErrorResponseDto, description: '`validation.failed`: the id is not a UUID' };

/** RFC 6266 / RFC 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The file of the form, or the `uploadId` of a preview: exactly one of them. */
function fileSource(file: Express.Multer.File | undefined, uploadId: unknown): FileSource {
  if (file && uploadId !== undefined) throw AppException.validation({ uploadId: 'validation.invalid' });
  if (uploadId !== undefined) return { uploadId };
  if (!file) throw new ImportException(ImportFileError.FileMissing, 'Send the file as multipart/form-data field "file", or the `uploadId` of a preview');
  return { buffer: file.buffer, fileName: Buffer.from(file.originalname, 'latin1').toString('utf8') };
}

const UPLOAD_ID_ERRORS = {
  400: '`validation.failed` naming `uploadId`: not an id, or given with a file',
  404: '`common.not_found` (details.field `uploadId`): no such upload, or another user\'s',
  409: '`common.conflict` (details.field `uploadId`, reason `sha256_mismatch`): the stored bytes no longer match their SHA-256; nothing read',
  410: '`common.not_found` (details.field `uploadId`): the upload expired (24 h after its preview)',
};

/** `dryRun` of the multipart form: absent (commit), or a boolean spelled `true/false/1/0`. */
function parseDryRun(value: unknown): boolean {
  if (value !== undefined && !['true', 'false', '1', '0'].includes(String(value))) throw AppException.validation({ dryRun: 'validation.boolean' });
  return value === 'true' || value === '1';
}

@ApiTags('imports')
@ApiExtraModels(ImportMappingDto, FieldMappingDto)
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('presets')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'List the mapping presets, with the error and reason codes an import can report' })
  @ApiOkResponse({ type: ImportPresetListDto })
  presets(): ImportPresetListDto {
    return this.imports.presets();
  }

  @Post('preview')
  @Authorize(Permission.ImportRun)
  @UseInterceptors(FileInterceptor('file'))
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Read a file and show what it holds (format, encoding, delimiter, worksheets, columns, first rows); store it for the dry run and the commit (`uploadId`)',
    description:
      'The file is read as `POST /imports` reads it (size, type by content, encoding, delimiter; in a worker thread under the same limits). ' +
      'Accepted: stored (bytes, SHA-256, size, uploader) for 24 h, under the `uploadId` the answer gives; `POST /imports` then takes `uploadId` instead of the file. ' +
      'A user keeps at most 10 uploads (a new preview removes the oldest). Refused: nothing stored. ' +
      'With `uploadId` instead of a file: the stored upload read again (e.g. another `sheet`), nothing stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportPreviewUploadDto })
  @ApiOkResponse({ type: ImportPreviewDto })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: `\`import.file_missing\`; \`validation.failed\` naming \`uploadId\`, \`sheet\` or \`delimiter\`; \`import.mapping_invalid\` (no such worksheet)` })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[404] })
  @ApiResponse({ status: 409, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[409] })
  @ApiResponse({ status: 410, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[410] })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'File larger than IMPORT_MAX_BYTES (`request.payload_too_large`); nothing stored' })
  @ApiResponse({ status: 415, type: ErrorResponseDto, description: '`import.unsupported_type`: extension not accepted, or content not matching it' })
  @ApiResponse({ status: 422, type: ErrorResponseDto, description: 'The file cannot be read (the codes of `POST /imports`); nothing stored' })
  @ApiResponse({ status: 503, type: ErrorResponseDto, description: '`common.service_unavailable`: too many files being read (Retry-After); nothing stored' })
  preview(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: Record<string, unknown>, @Actor() actor: AuditActor): Promise<ImportPreviewDto> {
    return this.imports.preview({ source: fileSource(file, body?.['uploadId']), sheet: body?.['sheet'], delimiter: body?.['delimiter'], actor });
  }

  /**
   * The answer's status depends on the outcome (200 dry run, 202 commit started, with the job's
   * `Location`): the one handler here that writes on the response itself.
   */
  @Post()
  @Authorize(Permission.ImportRun)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a file: dry run (200, report) or commit (202, then poll GET /imports/{id})',
    description:
      'The file (or the upload a preview stored, `uploadId`: checked by its SHA-256) is read whole (size limit IMPORT_MAX_BYTES, enforced while streaming: 413), its type checked by content (magic bytes; 415), ' +
      'its encoding and delimiter detected, its rows mapped and compared with the catalogue. ' +
      '`dryRun=true`: 200 with the report; nothing is written except the job record and the stored original. ' +
      'Commit: 202 with the job (`status: running`); the commit is a pg-boss job (queue `import-commit`, when the job scheduler runs; otherwise it runs in this process) ' +
      'that any API instance may take, its progress written in the import record; it runs in ONE transaction (recommendations, their links and assignments, ' +
      'one audit event per created or updated recommendation, and the import links) and the job ends `succeeded`, or `failed` with nothing written ' +
      '(`concurrency.stale` when a recommendation changed during the commit). ' +
      'A commit with any rejected row is refused whole: 422 `import.rows_rejected`, details `{ importId, counts, report }`. ' +
      'Re-importing the same file: everything `unchanged`, no audit event.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOkResponse({ type: ImportJobDetailDto, description: 'Dry run done' })
  @ApiAcceptedResponse({ type: ImportJobDetailDto, description: 'Commit started; poll GET /imports/{id}' })
  @ApiResponse({ status: 400, type: ErrorResponseDto, description: '`import.file_missing` (neither file nor uploadId), `import.mapping_invalid`; `validation.failed` (dryRun not a boolean; `uploadId` not an id, or given with a file)' })
  @ApiResponse({ status: 404, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[404] })
  @ApiResponse({ status: 409, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[409] })
  @ApiResponse({ status: 410, type: ErrorResponseDto, description: UPLOAD_ID_ERRORS[410] })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'File larger than IMPORT_MAX_BYTES (`request.payload_too_large`); nothing stored' })
  @ApiResponse({ status: 415, type: ErrorResponseDto, description: '`import.unsupported_type`: extension not accepted, or content not matching it' })
  @ApiResponse({ status: 503, type: ErrorResponseDto, description: '`common.service_unavailable`: the server already reads IMPORT_MAX_CONCURRENT_PARSES files (Retry-After header); nothing stored' })
  @ApiResponse({
    status: 422,
    type: ErrorResponseDto,
    description:
      '`import.file_empty`, `import.header_only`, `import.invalid_encoding`, `import.mixed_encoding`, `import.delimiter_not_detected`, `import.malformed_csv`, ' +
      '`import.malformed_json`, `import.archive_rejected`, `import.too_many_rows`, `import.mapping_unknown_column`, `import.missing_required_column`, `import.rows_rejected`, ' +
      '`import.file_too_complex` (reading the file exceeded IMPORT_PARSE_MAX_HEAP_MB or IMPORT_PARSE_TIMEOUT_SECONDS)',
  })
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, unknown>,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportJobDetailDto> {
    const source = fileSource(file, body?.['uploadId']);
    const dryRun = parseDryRun(body?.['dryRun']);
    const { status, job } = await this.imports.upload({ ...source, mapping: body?.['mapping'], dryRun, actor });
    res.status(status);
    if (status === HttpStatus.ACCEPTED) res.setHeader('Location', `/api/v1/imports/${job.id}`);
    return job;
  }

  @Get()
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'List the imports, newest first: who, when, file name, SHA-256, mapping, counts, status' })
  @ApiOkResponse({ type: ImportJobListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: '`validation.failed`: page or pageSize out of range' })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto): Promise<ImportJobListDto> {
    return this.imports.list(user, query.page, query.pageSize);
  }

  @Get(':id')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'Get one import with its progress (processedRows / totalRows) and report' })
  @ApiOkResponse({ type: ImportJobDetailDto })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such import' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<ImportJobDetailDto> {
    return this.imports.detail(user, id);
  }

  @Get(':id/file')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'Download the original uploaded file, as an attachment' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such import, or its file is gone' })
  async file(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const original = await this.imports.original(user, id);
    res.setHeader('Content-Type', original.contentType);
    res.setHeader('Content-Disposition', contentDisposition(original.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    return new StreamableFile(createReadStream(original.path));
  }
}
