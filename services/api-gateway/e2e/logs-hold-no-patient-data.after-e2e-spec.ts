/*
 * Runs after the e2e project, on the same state (jest project `after-e2e`, `npm test` runs it right
 * after the e2e step): every service log of the run is searched for the names, phones, emails,
 * dates of birth and address lines the e2e files sent for their test patients. Only services'
 * logs (logs/services/*.log); the mail and SMS sinks are test infrastructure that must see
 * addresses. A finding names the file, the line and the kind of value, never the value in full.
 */
import { findPatientDataInServiceLogs, patientIdentifiersFile, readPatientIdentifiers, serviceLogFiles } from '@clinic-flow/testing';

describe('service logs after the e2e flows', () => {
  it("hold none of the test patients' names, phones, emails, dates of birth or addresses", () => {
    const ids = readPatientIdentifiers();
    if (!ids.length) throw new Error(`no test patient recorded in ${patientIdentifiersFile()}: run the e2e project first (same CLINIC_FLOW_TEST_PROFILE)`);
    expect(serviceLogFiles().map((f) => f.replace(/^.*\//, ''))).toEqual(expect.arrayContaining(['api-gateway.log', 'patient-records.log', 'scheduling.log', 'notification.log']));
    const findings = findPatientDataInServiceLogs(ids);
    expect(findings.map((f) => `${f.file}:${f.line} holds a patient's ${f.kind} (${f.hint})`)).toEqual([]);
  });
});
