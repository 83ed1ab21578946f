import { NavLink, Outlet } from 'react-router';

export interface ConsoleSection {
  to: string;
  label: string;
  testId: string;
  /** Active only on this exact path (the overview), not on the sections under it. */
  end?: boolean;
}

/**
 * The frame of a console (the shop's, the admin's, the regulator's): from 1024 px a side
 * navigation beside the section's page, which gets the width a table needs; on a phone the
 * same links become a menu row that scrolls sideways above the page. The sections are
 * routes (`<Outlet>`), so each has its own address; `context` reaches them through
 * useOutletContext.
 */
export function ConsoleShell({ title, label, sections, context }: { title: string; label: string; sections: readonly ConsoleSection[]; context?: unknown }) {
  return (
    <div className="console" data-testid="console">
      <nav className="console-nav" aria-label={label} data-testid="console-nav">
        <p className="console-title">{title}</p>
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end} data-testid={section.testId}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="console-main">
        <Outlet context={context} />
      </div>
    </div>
  );
}
