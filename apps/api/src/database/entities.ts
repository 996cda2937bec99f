import { AuditEvent } from '../audit/audit-event.entity.js';
import { LoginThrottle, RefreshToken } from '../auth/auth.entities.js';
import { Assignment } from '../modules/assignments/assignment.entity.js';
import { Campaign, CampaignInstitution } from '../modules/campaigns/campaign.entity.js';
import { Contribution, ContributionComment, Evidence } from '../modules/contributions/contribution.entity.js';
import { Invitation } from '../modules/invitations/invitation.entity.js';
import { MailOutbox } from '../modules/mail/mail-outbox.entity.js';
import { Notification, Reminder } from '../modules/notifications/notification.entity.js';
import { ImportJob, ImportRecommendation } from '../modules/imports/import-job.entity.js';
import { Institution } from '../modules/institutions/institution.entity.js';
import { Body } from '../modules/recommendations/body.entity.js';
import { CatalogueStamp } from '../modules/recommendations/catalogue-stamp.entity.js';
import { Recommendation } from '../modules/recommendations/recommendation.entity.js';
import { Report, ReportSection, ReportVersion } from '../modules/reports/report.entity.js';
import { Review } from '../modules/recommendations/review.entity.js';
import { REFERENCE_ENTITIES } from '../modules/reference/reference.entities.js';
import { Setting } from '../modules/settings/setting.entity.js';
import { User } from '../modules/users/user.entity.js';

export const ENTITIES = [
  ...REFERENCE_ENTITIES,
  Institution,
  User,
  Body,
  Review,
  Recommendation,
  CatalogueStamp,
  Assignment,
  AuditEvent,
  RefreshToken,
  LoginThrottle,
  ImportJob,
  ImportRecommendation,
  Campaign,
  CampaignInstitution,
  Contribution,
  ContributionComment,
  Evidence,
  Invitation,
  Notification,
  Reminder,
  MailOutbox,
  Report,
  ReportSection,
  ReportVersion,
  Setting,
];
