import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What the panel shows, for the message ("the chart", "this page"). */
  what: string;
  /** A change of this (the page, a filter) tries the panel again. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
  key: string | undefined;
}

/**
 * Keeps one panel's failure in that panel: whatever the API holds that the panel cannot show
 * (an odd value a chart chokes on, a shape it does not know) becomes a message in its place,
 * and the rest of the page stays usable.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Switchboard could not show ${this.props.what}`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="state state--error" role="alert" data-testid="panel-error">
        <strong>Could not show {this.props.what}.</strong> {this.state.error.message || 'It holds something this console cannot display.'}{' '}
        <button type="button" className="button button--small" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
