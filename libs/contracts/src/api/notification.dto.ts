import { ApiProperty } from '@nestjs/swagger';
import { Channel, CHANNELS } from '../common';

export const MESSAGE_STATUSES = ['scheduled', 'sent', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'appointment-reminder' }) kind: string;
  @ApiProperty() appointmentId: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ enum: CHANNELS, required: false, description: 'Decided when the message is sent' }) channel?: Channel;
  @ApiProperty({ example: 'PT2H', description: 'ISO-8601 duration before the appointment start' }) offset: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty() scheduledFor: string;
  @ApiProperty({ required: false }) sentAt?: string;
  @ApiProperty({ required: false }) failureReason?: string;
  @ApiProperty() createdAt: string;
}
