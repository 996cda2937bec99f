import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { CreatedAt, IfMatch } from '../../common/versioned.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentDto, AssignmentListDto, AssignmentQueryDto, BulkAssignDto, BulkAssignResultDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('assignments')
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @Authorize(Permission.AssignmentRead)
  @ApiOperation({ summary: 'List assignments (focal points and validators: their institution only)' })
  @ApiOkResponse({ type: AssignmentListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid query' })
  list(@Query() query: AssignmentQueryDto, @CurrentUser() user: AuthUser): Promise<AssignmentListDto> {
    return this.assignments.list(query, user);
  }

  @Get(':id')
  @Authorize(Permission.AssignmentRead)
  @ApiOperation({ summary: 'Get an assignment' })
  @ApiOkResponse({ type: AssignmentDto, description: 'With its ETag' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such assignment, or another institution’s' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<AssignmentDto> {
    return this.assignments.get(id, user);
  }

  @Post()
  @Authorize(Permission.AssignmentManage)
  @CreatedAt('assignments')
  @ApiOperation({ summary: 'Assign a recommendation to an institution' })
  @ApiCreatedResponse({ type: AssignmentDto, description: 'With its ETag and Location' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body, unknown recommendation or institution' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already assigned to this institution' })
  create(@Body() body: CreateAssignmentDto, @Actor() actor: AuditActor): Promise<AssignmentDto> {
    return this.assignments.create(body, actor);
  }

  @Post('bulk')
  @Authorize(Permission.AssignmentManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Assign every recommendation matching a filter (or a list of ids) to an institution' })
  @ApiOkResponse({ type: BulkAssignResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body, no filter nor ids, unknown institution' })
  bulk(@Body() body: BulkAssignDto, @Actor() actor: AuditActor): Promise<BulkAssignResultDto> {
    return this.assignments.bulk(body, actor);
  }

  @Patch(':id')
  @Authorize(Permission.AssignmentManage)
  @ApiOperation({ summary: 'Reassign an assignment, or change its role or due date' })
  @ApiOkResponse({ type: AssignmentDto, description: 'With its new ETag' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body, unknown institution' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: UpdateAssignmentDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<AssignmentDto> {
    return this.assignments.update(id, version, body, user, actor);
  }

  @Delete(':id')
  @Authorize(Permission.AssignmentManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an assignment that has no contributions' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: '`assignment.has_contributions` (details.contributionCount): reassign it instead' })
  remove(@Param('id', uuid) id: string, @IfMatch() version: number, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    return this.assignments.remove(id, version, user, actor);
  }
}
