import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import type { AuthUser } from '../../common/auth-user.js';
import { etagOf, expectedVersion } from '../../common/concurrency.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignDetailDto, CampaignInstitutionDto, CampaignListDto, CampaignQueryDto, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @Authorize(Permission.CampaignRead)
  @ApiOkResponse({ type: CampaignListDto })
  list(@Query() query: CampaignQueryDto, @CurrentUser() user: AuthUser): Promise<CampaignListDto> {
    return this.campaigns.list(query, user);
  }

  @Get(':id')
  @Authorize(Permission.CampaignRead)
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiNotFoundResponse()
  async get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<CampaignDetailDto> {
    const c = await this.campaigns.get(id, user);
    res.setHeader('ETag', etagOf(c.version));
    return c;
  }

  @Get(':id/institutions/:institutionId')
  @Authorize(Permission.CampaignRead)
  @ApiOkResponse({ type: CampaignInstitutionDto })
  @ApiNotFoundResponse()
  institution(@Param('id', uuid) id: string, @Param('institutionId', uuid) institutionId: string, @CurrentUser() user: AuthUser): Promise<CampaignInstitutionDto> {
    return this.campaigns.institution(id, institutionId, user);
  }

  @Post()
  @Authorize(Permission.CampaignManage)
  @ApiCreatedResponse({ type: CampaignDetailDto, description: 'Opened: the expected contributions exist (drafts)' })
  async create(@Body() body: CreateCampaignDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<CampaignDetailDto> {
    const c = await this.campaigns.create(body, user, actor);
    res.setHeader('ETag', etagOf(c.version));
    res.setHeader('Location', `/api/v1/campaigns/${c.id}`);
    return c;
  }

  @Patch(':id')
  @Authorize(Permission.CampaignManage)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiPreconditionFailedResponse()
  async update(
    @Param('id', uuid) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateCampaignDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignDetailDto> {
    const c = await this.campaigns.update(id, expectedVersion(ifMatch), body, user, actor);
    res.setHeader('ETag', etagOf(c.version));
    return c;
  }
}
