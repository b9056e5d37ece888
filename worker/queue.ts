/**
 * What the worker needs from a queue and a result store, and nothing more, so the processing
 * logic is the same on SQS and Pub/Sub and can be tested against in-memory fakes.
 */

export interface QueueMessage {
  /** The queue's message id, for logs. */
  id: string;
  body: string;
  /** 1 on the first delivery; the queue counts these for dead-lettering. */
  receiveCount: number;
  /** What ack/extend/release need: the SQS receipt handle or the Pub/Sub ack id. */
  handle: string;
}

export interface JobQueue {
  /**
   * Long-polls for up to `max` messages; each comes back hidden from other consumers for the
   * configured visibility timeout. Aborting the signal ends the poll early.
   */
  receive(max: number, signal: AbortSignal): Promise<QueueMessage[]>;
  /** Removes the message for good; only after its result is stored. */
  ack(message: QueueMessage): Promise<void>;
  /** Keeps the message hidden for `seconds` more, counted from now (a lease heartbeat). */
  extend(message: QueueMessage, seconds: number): Promise<void>;
  /**
   * Gives the message back without acking it: it is offered again after `delaySeconds` and its
   * receive count keeps growing, so the queue's redrive / dead-letter policy takes over.
   */
  release(message: QueueMessage, delaySeconds: number): Promise<void>;
}

export interface ResultStore {
  exists(key: string): Promise<boolean>;
  put(key: string, body: string): Promise<void>;
}
