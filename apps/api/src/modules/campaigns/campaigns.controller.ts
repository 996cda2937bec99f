import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { CreatedAt, IfMatch } from '../../common/versioned.js';
import { CampaignsService } from './campaigns.service.js';
import {
  CampaignDetailDto,
  CampaignExportQueryDto,
  CampaignInstitutionDto,
  CampaignListDto,
  CampaignQueryDto,
  CampaignReminderResultDto,
  CreateCampaignDto,
  InstitutionsWithoutValidatorDto,
  UpdateCampaignDto,
} from './dto/campaign.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Authorize(Permission.CampaignRead)
  @ApiOperation({ summary: 'List campaigns with their progress' })
  @ApiOkResponse({ type: CampaignListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter or page' })
  list(@Query() query: CampaignQueryDto, @CurrentUser() user: AuthUser): Promise<CampaignListDto> {
    return this.campaigns.list(query, user);
  }

  // Before ':id', which would take the path for an id.
  @Get('institutions-without-validator')
  @Authorize(Permission.CampaignManage)
  @ApiOperation({ summary: 'Institutions with no active validator (the coordinator validates their contributions in one step)' })
  @ApiOkResponse({ type: InstitutionsWithoutValidatorDto })
  institutionsWithoutValidator(): Promise<InstitutionsWithoutValidatorDto> {
    return this.campaigns.institutionsWithoutValidator();
  }

  @Get(':id')
  @Authorize(Permission.CampaignRead)
  @ApiOperation({ summary: 'Read a campaign with its progress per institution' })
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent, or not concerning the caller’s institution' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<CampaignDetailDto> {
    return this.campaigns.get(id, user);
  }

  @Get(':id/institutions/:institutionId')
  @Authorize(Permission.CampaignRead)
  @ApiOperation({ summary: 'Read one institution’s progress and contributions in a campaign' })
  @ApiOkResponse({ type: CampaignInstitutionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent, not concerned, or another institution than the caller’s' })
  institution(@Param('id', uuid) id: string, @Param('institutionId', uuid) institutionId: string, @CurrentUser() user: AuthUser): Promise<CampaignInstitutionDto> {
    return this.campaigns.institution(id, institutionId, user);
  }

  @Post()
  @Authorize(Permission.CampaignManage)
  @CreatedAt('campaigns')
  @ApiOperation({ summary: 'Open a campaign' })
  @ApiCreatedResponse({ type: CampaignDetailDto, description: 'Opened: the expected contributions exist (drafts)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body, no scope, or an unknown institution' })
  create(@Body() body: CreateCampaignDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<CampaignDetailDto> {
    return this.campaigns.create(body, user, actor);
  }

  @Patch(':id')
  @Authorize(Permission.CampaignManage)
  @ApiOperation({ summary: 'Change a campaign’s title, description, deadline or status' })
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent' })
  update(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: UpdateCampaignDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<CampaignDetailDto> {
    return this.campaigns.update(id, version, body, user, actor);
  }

  @Post(':id/reminders')
  @Authorize(Permission.CampaignManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a reminder now to the focal points of every contribution not yet submitted (at most once a day per contribution)' })
  @ApiOkResponse({ type: CampaignReminderResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'common.conflict: the campaign is closed' })
  remind(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<CampaignReminderResultDto> {
    return this.campaigns.remind(id, user, actor);
  }

  @Get(':id/export')
  @Authorize(Permission.CampaignRead)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The progress table per institution as CSV (UTF-8 with BOM), headers and names in `lang`; audited' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The file (attachment)', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid format or lang' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent, or not concerning the caller’s institution' })
  async export(@Param('id', uuid) id: string, @Query() query: CampaignExportQueryDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor, @Res() res: Response): Promise<void> {
    const file = await this.campaigns.exportProgress(id, query, user, actor);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.send(file.body);
  }
}
