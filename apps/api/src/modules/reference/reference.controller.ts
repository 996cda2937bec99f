import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import { Actor, Authorize } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { IfMatch } from '../../common/versioned.js';
import {
  AdministeredRefDto,
  BodyDto,
  CreateBodyDto,
  CreateListItemDto,
  CreateReviewDto,
  ListItemPathDto,
  ListPathDto,
  RefDto,
  ReviewDto,
  SdgTargetRefDto,
  SubAxisRefDto,
  UpdateBodyDto,
  UpdateListItemDto,
  UpdateReviewDto,
} from './dto/reference.dto.js';
import { ReferenceService } from './reference.service.js';

const uuid = new ParseUUIDPipe();
const LIST_ITEM = { schema: { oneOf: [{ $ref: getSchemaPath(AdministeredRefDto) }, { $ref: getSchemaPath(SubAxisRefDto) }] } };
const INVALID = { type: ErrorResponseDto, description: 'validation.failed: details.fields names each field at fault' };
const DUPLICATE = { type: ErrorResponseDto, description: 'common.conflict: the code (or document symbol) is already used; details.field names it' };

/**
 * Code lists (every signed-in role reads them, deactivated rows included with `active: false`, so
 * records keep their labels) and their administration (reference:manage: admin, coordinator).
 * Nothing is deleted: `PATCH { active: false }` deactivates.
 */
@ApiTags('reference')
@ApiExtraModels(AdministeredRefDto, SubAxisRefDto)
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('bodies')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the UN bodies' })
  @ApiOkResponse({ type: [BodyDto] })
  bodies(): Promise<BodyDto[]> {
    return this.reference.bodies();
  }

  @Get('reviews')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the reviews, newest first' })
  @ApiOkResponse({ type: [ReviewDto] })
  reviews(): Promise<ReviewDto[]> {
    return this.reference.reviews();
  }

  @Get('themes')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the themes' })
  @ApiOkResponse({ type: [AdministeredRefDto] })
  themes(): Promise<RefDto[]> {
    return this.reference.labelled('theme');
  }

  @Get('affected-persons')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the groups of affected persons' })
  @ApiOkResponse({ type: [AdministeredRefDto] })
  affectedPersons(): Promise<RefDto[]> {
    return this.reference.labelled('affected_person');
  }

  @Get('sdg-goals')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the SDG goals' })
  @ApiOkResponse({ type: [RefDto] })
  sdgGoals(): Promise<RefDto[]> {
    return this.reference.labelled('sdg_goal');
  }

  @Get('sdg-targets')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the SDG targets' })
  @ApiOkResponse({ type: [SdgTargetRefDto] })
  sdgTargets(): Promise<SdgTargetRefDto[]> {
    return this.reference.sdgTargets();
  }

  @Get('axes')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the national axes' })
  @ApiOkResponse({ type: [AdministeredRefDto] })
  axes(): Promise<RefDto[]> {
    return this.reference.labelled('axis');
  }

  @Get('sub-axes')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the national sub-axes' })
  @ApiOkResponse({ type: [SubAxisRefDto] })
  subAxes(): Promise<SubAxisRefDto[]> {
    return this.reference.subAxes();
  }

  @Get('countries')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the countries' })
  @ApiOkResponse({ type: [RefDto] })
  countries(): Promise<RefDto[]> {
    return this.reference.labelled('country');
  }

  @Post('bodies')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Add a treaty body or special-procedure mandate' })
  @ApiCreatedResponse({ type: BodyDto, description: 'With its ETag' })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse(DUPLICATE)
  createBody(@Body() body: CreateBodyDto, @Actor() actor: AuditActor): Promise<BodyDto> {
    return this.reference.createBody(body, actor);
  }

  @Patch('bodies/:id')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Rename a body, change its follow-up delay, deactivate or reactivate it' })
  @ApiOkResponse({ type: BodyDto, description: 'With its new ETag' })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateBody(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: UpdateBodyDto, @Actor() actor: AuditActor): Promise<BodyDto> {
    return this.reference.updateBody(id, version, body, actor);
  }

  @Post('reviews')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Add a review, session or country visit of a body' })
  @ApiCreatedResponse({ type: ReviewDto, description: 'With its ETag' })
  @ApiBadRequestResponse({ ...INVALID, description: `${INVALID.description} (bodyId: unknown, inactive or not of the given mechanism; cycle outside the UPR; year not the date's)` })
  @ApiConflictResponse(DUPLICATE)
  createReview(@Body() body: CreateReviewDto, @Actor() actor: AuditActor): Promise<ReviewDto> {
    return this.reference.createReview(body, actor);
  }

  @Patch('reviews/:id')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Edit a review, deactivate or reactivate it' })
  @ApiOkResponse({ type: ReviewDto, description: 'With its new ETag' })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse(DUPLICATE)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateReview(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: UpdateReviewDto, @Actor() actor: AuditActor): Promise<ReviewDto> {
    return this.reference.updateReview(id, version, body, actor);
  }

  @Post(':list')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Add a theme, group of affected persons, national axis or sub-axis' })
  @ApiCreatedResponse(LIST_ITEM)
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse(DUPLICATE)
  createListItem(@Param() path: ListPathDto, @Body() body: CreateListItemDto, @Actor() actor: AuditActor): Promise<AdministeredRefDto | SubAxisRefDto> {
    return this.reference.createListItem(path.list, body, actor);
  }

  @Patch(':list/:code')
  @Authorize(Permission.ReferenceManage)
  @ApiOperation({ summary: 'Rename a list item, move a sub-axis, deactivate or reactivate it' })
  @ApiOkResponse(LIST_ITEM)
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateListItem(@Param() path: ListItemPathDto, @IfMatch() version: number, @Body() body: UpdateListItemDto, @Actor() actor: AuditActor): Promise<AdministeredRefDto | SubAxisRefDto> {
    return this.reference.updateListItem(path.list, path.code, version, body, actor);
  }
}
