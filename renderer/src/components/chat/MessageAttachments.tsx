import type { Attachment } from '@contract';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { Icon } from '../common/Icon.js';

/** The files sent with a user message: images as thumbnails, text files as chips. */
export function MessageAttachments({
  sessionId,
  attachments,
}: {
  sessionId: string;
  attachments: readonly Attachment[];
}) {
  return (
    <ul className="message-attachments" aria-label="Attached files">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          {attachment.mime.startsWith('image/') ? (
            <Thumbnail sessionId={sessionId} attachment={attachment} />
          ) : (
            <span className="attachment-chip" title={`${attachment.size} bytes`}>
              <Icon name="file" size={12} />
              <span className="attachment-name">{attachment.name}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** An image fetched with the token (an `<img src>` cannot send it) and shown from a blob URL. */
function Thumbnail({ sessionId, attachment }: { sessionId: string; attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    api
      .bytes(['getAttachment', { sessionId, attachmentId: attachment.id }])
      .then((blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [sessionId, attachment.id]);
  return url ? (
    <img className="attachment-thumbnail" src={url} alt={attachment.name} />
  ) : (
    <span className="attachment-chip">{attachment.name}</span>
  );
}
