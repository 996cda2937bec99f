import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import type { AuthUser } from '../../common/auth-user.js';
import { etagOf, expectedVersion } from '../../common/concurrency.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { AssignmentsService } from './assignments.service.js';
import { AssignmentDto, AssignmentListDto, AssignmentQueryDto, BulkAssignDto, BulkAssignResultDto, CreateAssignmentDto, UpdateAssignmentDto } from './dto/assignment.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('assignments')
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @Authorize(Permission.AssignmentRead)
  @ApiOkResponse({ type: AssignmentListDto })
  list(@Query() query: AssignmentQueryDto, @CurrentUser() user: AuthUser): Promise<AssignmentListDto> {
    return this.assignments.list(query, user);
  }

  @Get(':id')
  @Authorize(Permission.AssignmentRead)
  @ApiOkResponse({ type: AssignmentDto })
  @ApiNotFoundResponse()
  async get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<AssignmentDto> {
    const a = await this.assignments.get(id, user);
    res.setHeader('ETag', etagOf(a.version));
    return a;
  }

  @Post()
  @Authorize(Permission.AssignmentManage)
  @ApiCreatedResponse({ type: AssignmentDto })
  @ApiConflictResponse({ description: 'Already assigned to this institution' })
  async create(@Body() body: CreateAssignmentDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<AssignmentDto> {
    const a = await this.assignments.create(body, actor);
    res.setHeader('ETag', etagOf(a.version));
    res.setHeader('Location', `/api/v1/assignments/${a.id}`);
    return a;
  }

  @Post('bulk')
  @Authorize(Permission.AssignmentManage)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: BulkAssignResultDto })
  bulk(@Body() body: BulkAssignDto, @Actor() actor: AuditActor): Promise<BulkAssignResultDto> {
    return this.assignments.bulk(body, actor);
  }

  @Patch(':id')
  @Authorize(Permission.AssignmentManage)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiPreconditionFailedResponse({ description: 'details.current and details.lastChange' })
  @ApiResponse({ status: 428, description: 'If-Match missing' })
  async update(
    @Param('id', uuid) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateAssignmentDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AssignmentDto> {
    const a = await this.assignments.update(id, expectedVersion(ifMatch), body, actor);
    res.setHeader('ETag', etagOf(a.version));
    return a;
  }

  @Delete(':id')
  @Authorize(Permission.AssignmentManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'assignment.has_contributions' })
  remove(@Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Actor() actor: AuditActor): Promise<void> {
    return this.assignments.remove(id, expectedVersion(ifMatch), actor);
  }
}
