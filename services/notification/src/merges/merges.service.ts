import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { MessagesRepository } from '../messages/messages.repository';
import { MergeMovesRepository } from './merges.repository';
import { MergeMovesRecord } from './merges.schema';

/** A merge moves a person's messages wherever they were sent from. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

/**
 * Notification's side of a patient merge: the merged record's messages (sent, failed and still
 * planned) and the views of their appointments move to the survivor, remembered under the merge id
 * before anything moves; an unmerge moves exactly those back. A planned reminder that moved is
 * sent to the survivor's contact details when it is due (the survivor's demographics win). The
 * contact copies stay per record: the merged record's is what its messages use again after an
 * unmerge. Idempotent like scheduling's side (see there).
 */
@Injectable()
export class MergesService {
  private readonly logger = new Logger(MergesService.name);

  constructor(
    private readonly moves: MergeMovesRepository,
    private readonly messages: MessagesRepository,
  ) {}

  async applyMerge(merge: PatientMergedData): Promise<void> {
    const remembered = (await this.moves.find(merge.mergeId)) ?? (await this.moves.remember(await this.whatToMove(merge)));
    if (remembered.undoneAt) return;
    await this.move(remembered, merge.mergedPatientId, merge.survivorId);
    this.logger.log(`merge ${merge.mergeId}: ${remembered.messageIds.length} messages under the survivor`);
  }

  async applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    const remembered = await this.moves.find(unmerge.mergeId);
    if (!remembered) {
      await this.moves.remember({ _id: unmerge.mergeId, survivorId: unmerge.survivorId, mergedPatientId: unmerge.mergedPatientId, messageIds: [], appointmentIds: [], movedAt: new Date(), undoneAt: new Date() });
      return;
    }
    if (remembered.undoneAt) return;
    await this.move(remembered, unmerge.survivorId, unmerge.mergedPatientId);
    await this.moves.markUndone(unmerge.mergeId, new Date(unmerge.unmergedAt));
  }

  private async whatToMove(merge: PatientMergedData): Promise<Omit<MergeMovesRecord, 'version'>> {
    const messages = await this.messages.listForPatient(MERGES, merge.mergedPatientId);
    return {
      _id: merge.mergeId,
      survivorId: merge.survivorId,
      mergedPatientId: merge.mergedPatientId,
      messageIds: messages.map((m) => m._id),
      appointmentIds: [...new Set(messages.flatMap((m) => (m.appointmentId ? [m.appointmentId] : [])))],
      movedAt: new Date(),
    };
  }

  private async move(moves: MergeMovesRecord, from: string, to: string): Promise<void> {
    for (const id of moves.messageIds) await this.messages.reassignMessage(MERGES, id, from, to);
    for (const id of moves.appointmentIds) await this.messages.reassignView(id, from, to);
  }
}
