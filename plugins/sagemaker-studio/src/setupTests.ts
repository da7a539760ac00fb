import '@testing-library/jest-dom';

// The UI tests type and click through real components with user-event: on a
// busy 2-core machine one such test can take longer than Jest's default 5 s.
// They assert behaviour, not speed.
jest.setTimeout(30_000);
