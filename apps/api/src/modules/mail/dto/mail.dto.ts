import { ApiProperty } from '@nestjs/swagger';

/** A mail the capture SMTP server received (development and demo only). */
export class CapturedMailDto {
  @ApiProperty() id: number;
  @ApiProperty() from: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() receivedAt: string;
}
