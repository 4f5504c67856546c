import { expect } from "chai";

import { MeasureLock, measureLockBuffer } from "../../../src/report/record/measure-lock.js";

/** Lets the lock's polls run (each waits a millisecond) without asserting anything about time. */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("report/record: MeasureLock", () => {
  it("lets a measurer in only once the other thread has parked at its next step, and parks it until released", async () => {
    const buffer = measureLockBuffer(2);
    const measurer = new MeasureLock(buffer, 0);
    const recorder = new MeasureLock(buffer, 1);
    const events: string[] = [];
    await recorder.step(); // recording: between two steps
    const acquired = measurer.acquire().then(() => events.push("measuring"));
    await settle();
    expect(events).to.deep.equal([]); // the recorder has not stepped again
    const resumed = recorder.step().then(() => events.push("recording again"));
    await acquired;
    await settle();
    expect(events).to.deep.equal(["measuring"]); // parked while the measurement runs
    events.push("released");
    measurer.release();
    await resumed;
    expect(events).to.deep.equal(["measuring", "released", "recording again"]);
  });

  it("never lets two threads measure at once", async () => {
    const buffer = measureLockBuffer(2);
    const a = new MeasureLock(buffer, 0);
    const b = new MeasureLock(buffer, 1);
    const events: string[] = [];
    await a.acquire();
    const second = b.acquire().then(() => events.push("b measuring"));
    await settle();
    expect(events).to.deep.equal([]);
    events.push("a released");
    a.release();
    await settle();
    // a runs on after its release until its next step, which parks while b measures.
    const aNext = a.step().then(() => events.push("a recording again"));
    await second;
    await settle();
    expect(events).to.deep.equal(["a released", "b measuring"]);
    b.release();
    await aNext;
    expect(events).to.deep.equal(["a released", "b measuring", "a recording again"]);
  });

  it("does not wait for a thread that has finished, and lets the measurer's own requests through", async () => {
    const buffer = measureLockBuffer(2);
    const a = new MeasureLock(buffer, 0);
    const b = new MeasureLock(buffer, 1);
    await b.step();
    b.finish();
    await a.acquire();
    await a.step(); // a request made while measuring
    a.release();
  });

  it("tells how long a step stayed parked", async () => {
    const buffer = measureLockBuffer(2);
    const a = new MeasureLock(buffer, 0);
    const b = new MeasureLock(buffer, 1);
    const parked: number[] = [];
    b.onParked = (ms) => parked.push(ms);
    await a.acquire();
    const stepped = b.step();
    await settle();
    a.release();
    await stepped;
    expect(parked).to.have.length(1);
    expect(parked[0]).to.be.greaterThan(0);
  });

  it("refuses a slot the buffer does not have", () => {
    expect(() => new MeasureLock(measureLockBuffer(2), 2)).to.throw(RangeError, "no slot 2");
  });
});
