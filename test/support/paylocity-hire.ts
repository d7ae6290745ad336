// A new hire as the Paylocity write tests send it (an Odoo employee mapped to WebLink's employee body).
export const HIRE = {
  employeeId: 'OD000042',
  firstName: 'Grace',
  lastName: 'Hopper',
  status: { hireDate: '2026-12-01' },
  departmentPosition: { costCenter1: 'CC-200', jobTitle: 'Estimator' },
  primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: 82000 },
};
