/** What the check-in dialog sends as vitals (POST /patients/{id}/vitals), from what was typed. */
export interface VitalsDraft {
  systolic: string;
  diastolic: string;
  pulse: string;
  temperature: string;
  temperatureUnit: 'F' | 'C';
  respiratoryRate: string;
  spo2: string;
  weight: string;
  weightUnit: 'lb' | 'kg';
}

export const EMPTY_VITALS: VitalsDraft = { systolic: '', diastolic: '', pulse: '', temperature: '', temperatureUnit: 'F', respiratoryRate: '', spo2: '', weight: '', weightUnit: 'lb' };

/** The vitals request body from what was typed, or null when nothing was measured. Numbers as typed; the API checks ranges. */
export function vitalsBody(draft: VitalsDraft, appointmentId: string): Record<string, unknown> | null {
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));
  const body: Record<string, unknown> = {};
  const systolic = num(draft.systolic);
  const diastolic = num(draft.diastolic);
  if (systolic !== undefined || diastolic !== undefined) body.bloodPressure = { systolic, diastolic };
  if (num(draft.pulse) !== undefined) body.pulse = num(draft.pulse);
  if (num(draft.temperature) !== undefined) body.temperature = { value: num(draft.temperature), unit: draft.temperatureUnit };
  if (num(draft.respiratoryRate) !== undefined) body.respiratoryRate = num(draft.respiratoryRate);
  if (num(draft.spo2) !== undefined) body.spo2 = num(draft.spo2);
  if (num(draft.weight) !== undefined) body.weight = { value: num(draft.weight), unit: draft.weightUnit };
  return Object.keys(body).length ? { appointmentId, ...body } : null;
}
