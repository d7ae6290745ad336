// changedFields: what an update would change against the employee as Paylocity holds it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedFields } from '../../lib/paylocity/employee-diff';

describe('changedFields', () => {
  const held = {
    firstName: 'Ada',
    status: { employeeStatus: 'A', hireDate: '2024-03-01T00:00:00' },
    departmentPosition: { costCenter1: 'CC-200', jobTitle: 'Estimator', positionCode: null },
    primaryPayRate: { annualSalary: 82000 },
  };

  it('keeps only the fields whose value differs, in the same shape', () => {
    assert.deepEqual(changedFields({ departmentPosition: { costCenter1: 'CC-200', jobTitle: 'Project Manager' } }, held), { departmentPosition: { jobTitle: 'Project Manager' } });
    assert.deepEqual(changedFields({ firstName: 'Ada', departmentPosition: { costCenter1: 'CC-300' } }, held), { departmentPosition: { costCenter1: 'CC-300' } });
  });

  it("compares days in any of Paylocity's date forms, numbers as numbers, blanks as blanks", () => {
    assert.deepEqual(changedFields({ status: { hireDate: '2024-03-01' } }, held), {});
    assert.deepEqual(changedFields({ status: { hireDate: '03-01-2024' } }, held), {});
    assert.deepEqual(changedFields({ status: { hireDate: '03/02/2024' } }, held), { status: { hireDate: '03/02/2024' } });
    assert.deepEqual(changedFields({ primaryPayRate: { annualSalary: '82000.00' } }, held), {});
    assert.deepEqual(changedFields({ departmentPosition: { positionCode: '' } }, held), {});
    assert.deepEqual(changedFields({ departmentPosition: { positionCode: 'PM' } }, held), { departmentPosition: { positionCode: 'PM' } });
  });

  it('sends a clearing null when Paylocity holds a value, and a whole section Paylocity lacks', () => {
    assert.deepEqual(changedFields({ departmentPosition: { jobTitle: null } }, held), { departmentPosition: { jobTitle: null } });
    assert.deepEqual(changedFields({ workAddress: { city: 'Seattle' } }, held), { workAddress: { city: 'Seattle' } });
  });
});
