import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The UI tests type and click through real components with user-event: on a
// busy 2-core machine one such test can take longer than Jest's default 5 s,
// and a findBy* query longer than its default 1 s. They assert behaviour,
// not speed.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
