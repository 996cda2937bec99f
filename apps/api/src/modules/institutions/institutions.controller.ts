import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuthUser } from '../../common/auth-user.js';
import { Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { InstitutionDto, InstitutionMembersDto } from './dto/institution.dto.js';
import { InstitutionsService } from './institutions.service.js';

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @Authorize(Permission.InstitutionRead)
  @ApiOperation({ summary: 'List institutions' })
  @ApiOkResponse({ type: [InstitutionDto] })
  list(): Promise<InstitutionDto[]> {
    return this.institutions.list();
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
