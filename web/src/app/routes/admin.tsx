/**
 * The admin and regulator consoles' routes (mounted by App.tsx): each console is a frame
 * (side navigation from 1024 px) with its sections as child routes.
 */
import { Route } from 'react-router';
import { AdminChatReportPage, AdminChatReportsPage, AdminConsole, AdminDisputePage, AdminDisputesPage, AdminPage, AdminReviewAppealsPage, AuditLogPage, RegulatorConsole, RegulatorPage, ReportsPage, ToReview } from '../pages';
import { RequireUser } from '../session';

export const adminRoutes = (
  <>
    <Route path="admin" element={<RequireUser>{(me) => <AdminConsole me={me} />}</RequireUser>}>
      <Route index element={<ToReview />} />
      <Route path="review" element={<RequireUser>{(me) => <AdminPage me={me} />}</RequireUser>} />
      <Route path="disputes" element={<RequireUser>{(me) => <AdminDisputesPage me={me} />}</RequireUser>} />
      <Route path="disputes/:disputeId" element={<RequireUser>{(me) => <AdminDisputePage me={me} />}</RequireUser>} />
      <Route path="chat-reports" element={<RequireUser>{(me) => <AdminChatReportsPage me={me} />}</RequireUser>} />
      <Route path="chat-reports/:reportId" element={<RequireUser>{(me) => <AdminChatReportPage me={me} />}</RequireUser>} />
      <Route path="review-appeals" element={<RequireUser>{(me) => <AdminReviewAppealsPage me={me} />}</RequireUser>} />
      <Route path="reports" element={<RequireUser>{(me) => <ReportsPage me={me} />}</RequireUser>} />
      <Route path="audit-log" element={<RequireUser>{(me) => <AuditLogPage me={me} />}</RequireUser>} />
    </Route>
    <Route path="regulator" element={<RequireUser>{(me) => <RegulatorConsole me={me} />}</RequireUser>}>
      <Route index element={<RequireUser>{(me) => <RegulatorPage me={me} />}</RequireUser>} />
    </Route>
  </>
);
