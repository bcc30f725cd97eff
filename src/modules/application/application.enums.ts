import { registerEnumType } from 'type-graphql';

/** 项目申报: DRAFT → SUBMITTED → APPROVED | REJECTED; APPROVED → GRANTED when the award is made. */
export enum ApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  GRANTED = 'GRANTED',
}
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus', description: '项目申报 status' });

/** What applications can be counted by. */
export enum ApplicationDimension {
  STATUS = 'STATUS',
  PROGRAM = 'PROGRAM',
}
registerEnumType(ApplicationDimension, { name: 'ApplicationDimension' });
