import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A page that throws while rendering shows what happened, never a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('[spoke] page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="nhsuk-error-summary" role="alert" aria-labelledby="page-error-title" tabIndex={-1}>
        <h1 className="nhsuk-error-summary__title" id="page-error-title" tabIndex={-1}>
          This page could not be shown
        </h1>
        <div className="nhsuk-error-summary__body">
          <p>Spoke hit a problem showing this page. Your saved data is not affected.</p>
          <p className="spoke-error-detail">{this.state.error.message}</p>
          <p>
            <a href="#/staff">Go to the staff list</a> or{' '}
            <button type="button" className="spoke-link-button" onClick={() => window.location.reload()}>
              reload Spoke
            </button>
            .
          </p>
        </div>
      </div>
    );
  }
}
