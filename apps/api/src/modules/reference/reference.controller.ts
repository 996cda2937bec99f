import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';
import { BodyDto, RefDto, ReviewDto, SdgTargetRefDto, SubAxisRefDto } from './dto/reference.dto.js';
import { ReferenceService } from './reference.service.js';

/** Read-only code lists. No parameters: the only errors are 401 and 403 (documented by @Authorize). */
@ApiTags('reference')
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
  @ApiOkResponse({ type: [RefDto] })
  themes(): Promise<RefDto[]> {
    return this.reference.labelled('theme');
  }

  @Get('affected-persons')
  @Authorize(Permission.ReferenceRead)
  @ApiOperation({ summary: 'List the groups of affected persons' })
  @ApiOkResponse({ type: [RefDto] })
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
  @ApiOkResponse({ type: [RefDto] })
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
}
