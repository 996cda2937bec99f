import { Body, Controller, Delete, Get, Put, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import { Actor, Authorize, Public } from '../../common/decorators.js';
import { AppException } from '../../common/app-exception.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { IfMatch } from '../../common/versioned.js';
import { LogoUploadDto, OrganisationNameDto, PublicSettingsDto, ReminderSettingsDto, SettingsDto, WordLimitsDto, WordLimitsInForceDto } from './dto/settings.dto.js';
import { SettingsService, type UploadedLogoFile } from './settings.service.js';

const INVALID = { type: ErrorResponseDto, description: 'validation.failed: details.fields names each field at fault' };

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Authorize(Permission.SettingsManage)
  @ApiOperation({ summary: 'Every organisation setting, with the version each PUT needs in If-Match (0: never set)' })
  @ApiOkResponse({ type: SettingsDto })
  all(): Promise<SettingsDto> {
    return this.settings.all();
  }

  @Get('public')
  @Public()
  @ApiOperation({ summary: "The organisation's name and logo URL, for the login page (no sign-in)" })
  @ApiOkResponse({ type: PublicSettingsDto })
  publicSettings(): Promise<PublicSettingsDto> {
    return this.settings.publicSettings();
  }

  @Get('logo')
  @Public()
  @ApiOperation({ summary: "The organisation's logo (PNG or SVG); cached for a year under its versioned URL" })
  @ApiQuery({ name: 'v', required: false, description: 'The file hash prefix from logoUrl' })
  @ApiProduces('image/png', 'image/svg+xml')
  @ApiOkResponse({ description: 'The file' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No logo set' })
  async logo(@Query('v') v: string | undefined, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const logo = await this.settings.logoFile();
    if (!logo) throw AppException.notFound('Logo');
    res.setHeader('Content-Type', logo.mediaType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // An SVG opened on its own runs nothing and loads nothing.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', v && logo.sha256.startsWith(v) && v.length >= 8 ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('ETag', `"${logo.sha256.slice(0, 32)}"`);
    return new StreamableFile(logo.buffer);
  }

  @Get('word-limits')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'Word limits in force per report type (the setting, else the default)' })
  @ApiOkResponse({ type: WordLimitsInForceDto })
  wordLimits(): Promise<WordLimitsInForceDto> {
    return this.settings.wordLimitsInForce();
  }

  @Put('organisation-name')
  @Authorize(Permission.SettingsManage)
  @ApiOperation({ summary: "Set the organisation's name in Arabic, French and English" })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse(INVALID)
  setOrganisationName(@IfMatch() version: number, @Body() body: OrganisationNameDto, @Actor() actor: AuditActor): Promise<SettingsDto> {
    return this.settings.setOrganisationName(version, body, actor);
  }

  @Put('logo')
  @Authorize(Permission.SettingsManage)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: "Upload the organisation's logo (PNG, or SVG without scripts or external references; at most 200 KB)" })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: LogoUploadDto })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed naming file; details.reason says why' })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'Larger than 200 KB (nothing stored)' })
  setLogo(@IfMatch() version: number, @UploadedFile() file: UploadedLogoFile | undefined, @Actor() actor: AuditActor): Promise<SettingsDto> {
    return this.settings.setLogo(version, file, actor);
  }

  @Delete('logo')
  @Authorize(Permission.SettingsManage)
  @ApiOperation({ summary: "Remove the organisation's logo" })
  @ApiOkResponse({ type: SettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No logo set' })
  removeLogo(@IfMatch() version: number, @Actor() actor: AuditActor): Promise<SettingsDto> {
    return this.settings.removeLogo(version, actor);
  }

  @Put('reminders')
  @Authorize(Permission.SettingsManage)
  @ApiOperation({ summary: 'Set how many days before a campaign deadline focal points are reminded' })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse(INVALID)
  setReminders(@IfMatch() version: number, @Body() body: ReminderSettingsDto, @Actor() actor: AuditActor): Promise<SettingsDto> {
    return this.settings.setReminders(version, body, actor);
  }

  @Put('word-limits')
  @Authorize(Permission.SettingsManage)
  @ApiOperation({ summary: 'Set the word limit of report types (new reports start with it)' })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse(INVALID)
  setWordLimits(@IfMatch() version: number, @Body() body: WordLimitsDto, @Actor() actor: AuditActor): Promise<SettingsDto> {
    return this.settings.setWordLimits(version, body, actor);
  }
}
