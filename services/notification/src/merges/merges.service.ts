import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AggregateStores, PatientMergeMover, PatientMergeMoves } from '@clinic-flow/messaging';
import { MessagesRepository } from '../messages/messages.repository';

/** A merge moves a person's messages wherever they were sent from. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

/** What notification moves for a merge: messages, and the views of the appointments they belong to. */
export interface NotificationMergeItems {
  messageIds: string[];
  appointmentIds: string[];
}

/**
 * Notification's side of a patient merge: the merged record's messages (sent, failed and still
 * planned) and the views of their appointments move to the survivor, and exactly those move back
 * on the undo (the protocol is PatientMergeMoves'). A planned reminder that moved is sent to the
 * survivor's contact details when it is due (the survivor's demographics win). The contact copies
 * stay per record: the merged record's is what its messages use again after an unmerge.
 */
@Injectable()
export class MergesService implements PatientMergeMover<NotificationMergeItems> {
  private readonly logger = new Logger(MergesService.name);
  private readonly moves: PatientMergeMoves<NotificationMergeItems>;
  readonly nothing: NotificationMergeItems = { messageIds: [], appointmentIds: [] };

  constructor(
    stores: AggregateStores,
    private readonly messages: MessagesRepository,
  ) {
    this.moves = new PatientMergeMoves(stores, this);
  }

  async applyMerge(merge: PatientMergedData): Promise<void> {
    const moved = await this.moves.applyMerge(merge);
    if (moved) this.logger.log(`merge ${merge.mergeId}: ${moved.messageIds.length} messages under the survivor`);
  }

  applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    return this.moves.applyUnmerge(unmerge);
  }

  async itemsToMove(merge: PatientMergedData): Promise<NotificationMergeItems> {
    const messages = await this.messages.listForPatient(MERGES, merge.mergedPatientId);
    return {
      messageIds: messages.map((m) => m._id),
      appointmentIds: [...new Set(messages.flatMap((m) => (m.appointmentId ? [m.appointmentId] : [])))],
    };
  }

  async move(items: NotificationMergeItems, from: string, to: string): Promise<void> {
    for (const id of items.messageIds) await this.messages.reassignMessage(MERGES, id, from, to);
    for (const id of items.appointmentIds) await this.messages.reassignView(id, from, to);
  }
}
