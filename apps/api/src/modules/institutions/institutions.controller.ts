import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { CreatedAt, IfMatch } from '../../common/versioned.js';
import {
  CreateInstitutionDto,
  DesignateFocalPointsDto,
  InstitutionDetailDto,
  InstitutionDto,
  InstitutionMembersDto,
  InstitutionQueryDto,
  MergeInstitutionDto,
  MergePreviewDto,
  MergeQueryDto,
  MergeResultDto,
  UpdateInstitutionDto,
} from './dto/institution.dto.js';
import { InstitutionsService } from './institutions.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @Authorize(Permission.InstitutionRead)
  @ApiOperation({ summary: 'List institutions (filters: text, type, active)' })
  @ApiOkResponse({ type: [InstitutionDto] })
  list(@Query() query: InstitutionQueryDto): Promise<InstitutionDto[]> {
    return this.institutions.list(query);
  }

  @Post()
  @Authorize(Permission.InstitutionManage)
  @CreatedAt('institutions')
  @ApiOperation({ summary: 'Create an institution' })
  @ApiCreatedResponse({ type: InstitutionDetailDto, description: 'With its ETag and Location' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed naming each field' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`institution.code_taken`; `institution.inactive` (the parent)' })
  create(@Body() body: CreateInstitutionDto, @Actor() actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.institutions.create(body, actor);
  }

  @Get(':id')
  @Authorize(Permission.InstitutionRead)
  @ApiOperation({ summary: 'Get an institution with its reference counts and focal points' })
  @ApiOkResponse({ type: InstitutionDetailDto, description: 'With its ETag' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', uuid) id: string): Promise<InstitutionDetailDto> {
    return this.institutions.get(id);
  }

  @Patch(':id')
  @Authorize(Permission.InstitutionManage)
  @ApiOperation({ summary: 'Edit names, code, type, parent, e-mail domains (If-Match)' })
  @ApiOkResponse({ type: InstitutionDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed naming each field' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`institution.code_taken`' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: '`institution.parent_cycle`' })
  update(@Param('id', uuid) id: string, @Body() body: UpdateInstitutionDto, @IfMatch() version: number, @Actor() actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.institutions.update(id, version, body, actor);
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.InstitutionManage)
  @ApiOperation({ summary: 'Deactivate: no new assignment, campaign row, invitation or designation; history stays (If-Match)' })
  @ApiOkResponse({ type: InstitutionDetailDto })
  deactivate(@Param('id', uuid) id: string, @IfMatch() version: number, @Actor() actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.institutions.setActive(id, version, false, actor);
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.InstitutionManage)
  @ApiOperation({ summary: 'Reactivate (not a merged institution) (If-Match)' })
  @ApiOkResponse({ type: InstitutionDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`institution.merge_refused`: merged institutions stay inactive' })
  reactivate(@Param('id', uuid) id: string, @IfMatch() version: number, @Actor() actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.institutions.setActive(id, version, true, actor);
  }

  @Get(':id/merge-preview')
  @Authorize(Permission.InstitutionManage)
  @ApiOperation({ summary: 'What merging this institution into targetId would move, and whether it is possible' })
  @ApiOkResponse({ type: MergePreviewDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  mergePreview(@Param('id', uuid) id: string, @Query() query: MergeQueryDto): Promise<MergePreviewDto> {
    return this.institutions.mergePreview(id, query.targetId);
  }

  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.InstitutionManage)
  @ApiOperation({ summary: 'Merge this institution into targetId: every reference moves, this one is deactivated (one transaction)' })
  @ApiOkResponse({ type: MergeResultDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`institution.merge_refused` (details.reason), `institution.merge_conflict` (details.conflicts)' })
  merge(@Param('id', uuid) id: string, @Body() body: MergeInstitutionDto, @IfMatch({ optional: true }) version: number | null, @Actor() actor: AuditActor): Promise<MergeResultDto> {
    return this.institutions.merge(id, version, body.targetId, actor);
  }

  @Put(':id/focal-points')
  @Authorize(Permission.FocalPointDesignate)
  @ApiOperation({ summary: 'Designate the main focal point and the alternates (If-Match: the institution’s version)' })
  @ApiOkResponse({ type: InstitutionDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`institution.inactive`' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: '`institution.designation_invalid` (details.userIds)' })
  designate(@Param('id', uuid) id: string, @Body() body: DesignateFocalPointsDto, @IfMatch() version: number, @Actor() actor: AuditActor): Promise<InstitutionDetailDto> {
    return this.institutions.designate(id, version, body, actor);
  }

  @Get(':id/members')
  @Authorize(Permission.InstitutionRead)
  // operationId kept from the route's first controller: the OpenAPI document only grows.
  @ApiOperation({ summary: "List an institution's members and pending invitations", operationId: 'InstitutionMembers_members' })
  @ApiOkResponse({ type: InstitutionMembersDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed: the id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such institution, or (focal points, validators) not their own' })
  members(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<InstitutionMembersDto> {
    return this.institutions.members(id, user);
  }
}
