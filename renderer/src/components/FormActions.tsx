/**
 * A form's submit button beside its secondary action (Cancel, Close), NHS.UK styled. One
 * place for the markup every settings and editing form shares.
 */
export function FormActions(props: { submit: string; onCancel: () => void; cancel?: string; busy?: boolean; small?: boolean }) {
  const size = props.small ? ' spoke-button--small' : '';
  return (
    <div className="nhsuk-button-group spoke-button-group">
      <button type="submit" className={`nhsuk-button${size}`} disabled={props.busy}>
        {props.submit}
      </button>
      <button type="button" className={`nhsuk-button nhsuk-button--secondary${size}`} onClick={props.onCancel}>
        {props.cancel ?? 'Cancel'}
      </button>
    </div>
  );
}
