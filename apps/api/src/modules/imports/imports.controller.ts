import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
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
import { createReadStream, existsSync } from 'node:fs';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import { PaginationQueryDto } from '../../common/pagination.dto.js';
import { Actor, Authorize } from '../../common/decorators.js';
import { AppException } from '../../common/app-exception.js';
import { FieldMappingDto, ImportJobDetailDto, ImportJobListDto, ImportMappingDto, ImportPresetListDto, ImportUploadDto } from './dto/import.dto.js';
import { ImportException, ImportFileError } from './import.errors.js';
import { ImportsService } from './imports.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** RFC 6266 / RFC 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

@ApiTags('imports')
@ApiExtraModels(ImportMappingDto, FieldMappingDto)
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('presets')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'Mapping presets, with the error and reason codes an import can report' })
  @ApiOkResponse({ type: ImportPresetListDto })
  presets(): ImportPresetListDto {
    return this.imports.presets();
  }

  @Post()
  @Authorize(Permission.ImportRun)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a file: dry run (200, report) or commit (202, then poll GET /imports/{id})',
    description:
      'The file is read whole (size limit IMPORT_MAX_BYTES, enforced while streaming: 413), its type checked by content (magic bytes; 415), ' +
      'its encoding and delimiter detected, its rows mapped and compared with the catalogue. ' +
      '`dryRun=true`: 200 with the report; nothing is written except the job record and the stored original. ' +
      'Commit: 202 with the job (`status: running`); the commit runs in this process in ONE transaction (recommendations, their links and assignments, ' +
      'one audit event per created or updated recommendation, and the import links) and the job ends `succeeded`, or `failed` with nothing written. ' +
      'A commit with any rejected row is refused whole: 422 `import.rows_rejected`, details `{ importId, counts, report }`. ' +
      'Re-importing the same file: everything `unchanged`, no audit event.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiOkResponse({ type: ImportJobDetailDto, description: 'Dry run done' })
  @ApiAcceptedResponse({ type: ImportJobDetailDto, description: 'Commit started; poll GET /imports/{id}' })
  @ApiResponse({ status: 400, description: '`import.file_missing`, `import.mapping_invalid`' })
  @ApiResponse({ status: 413, description: 'File larger than IMPORT_MAX_BYTES (`request.payload_too_large`); nothing stored' })
  @ApiResponse({ status: 415, description: '`import.unsupported_type`: extension not accepted, or content not matching it' })
  @ApiResponse({
    status: 422,
    description:
      '`import.file_empty`, `import.header_only`, `import.invalid_encoding`, `import.mixed_encoding`, `import.delimiter_not_detected`, `import.malformed_csv`, ' +
      '`import.malformed_json`, `import.archive_rejected`, `import.too_many_rows`, `import.mapping_unknown_column`, `import.missing_required_column`, `import.rows_rejected`',
  })
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: Record<string, unknown>,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportJobDetailDto> {
    if (!file) throw new ImportException(ImportFileError.FileMissing, 'Send the file as multipart/form-data field "file"');
    const dryRun = body?.['dryRun'];
    if (dryRun !== undefined && !['true', 'false', '1', '0'].includes(String(dryRun))) throw AppException.validation({ dryRun: 'validation.boolean' });
    const { status, job } = await this.imports.upload({
      buffer: file.buffer,
      fileName: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      mapping: body?.['mapping'],
      dryRun: dryRun === 'true' || dryRun === '1',
      actor,
    });
    res.status(status);
    if (status === HttpStatus.ACCEPTED) res.setHeader('Location', `/api/v1/imports/${job.id}`);
    return job;
  }

  @Get()
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'Imports, newest first: who, when, file name, SHA-256, mapping, counts, status' })
  @ApiOkResponse({ type: ImportJobListDto })
  list(@Query() query: PaginationQueryDto): Promise<ImportJobListDto> {
    return this.imports.list(query.page, query.pageSize);
  }

  @Get(':id')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'One import with its progress (processedRows / totalRows) and report' })
  @ApiOkResponse({ type: ImportJobDetailDto })
  @ApiNotFoundResponse()
  get(@Param('id', uuid) id: string): Promise<ImportJobDetailDto> {
    return this.imports.detail(id);
  }

  @Get(':id/file')
  @Authorize(Permission.ImportRun)
  @ApiOperation({ summary: 'The original uploaded file, as an attachment' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse()
  async file(@Param('id', uuid) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const original = await this.imports.original(id);
    if (!existsSync(original.path)) throw AppException.notFound('Import file');
    res.setHeader('Content-Type', MIME[original.format] ?? 'application/octet-stream');
    res.setHeader('Content-Disposition', contentDisposition(original.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    return new StreamableFile(createReadStream(original.path));
  }
}
