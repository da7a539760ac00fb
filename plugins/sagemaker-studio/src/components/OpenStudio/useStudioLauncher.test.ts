import { act, renderHook, waitFor } from '@testing-library/react';
import { fakeApi, fakeTab, PRESIGNED_URL, responseError } from './testFixtures';
import { useStudioLauncher } from './useStudioLauncher';

describe('useStudioLauncher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('opens Studio in this tab on request, without opening another', async () => {
    const open = jest.spyOn(window, 'open');
    const navigate = jest.fn();
    const api = fakeApi();
    const { result } = renderHook(() => useStudioLauncher(api, { navigate }));

    act(() => result.current.launchHere({ lobId: 'risk' }));

    await waitFor(() => expect(navigate).toHaveBeenCalledWith(PRESIGNED_URL));
    expect(result.current.state).toEqual({ status: 'opened' });
    expect(result.current.tab).toBeUndefined();
    expect(open).not.toHaveBeenCalled();
  });

  it('clears "Studio opened" after a while', async () => {
    jest.spyOn(window, 'open').mockReturnValue(fakeTab() as any);
    const { result } = renderHook(() =>
      useStudioLauncher(fakeApi(), { openedNoticeMs: 50 }),
    );

    act(() => result.current.launch({ lobId: 'risk' }));

    await waitFor(() => expect(result.current.state.status).toBe('opened'));
    await waitFor(() => expect(result.current.state.status).toBe('idle'));
  });

  it('keeps a failed launch tab to explain, and closes it when the card goes away', async () => {
    const tab = fakeTab();
    jest.spyOn(window, 'open').mockReturnValue(tab as any);
    const api = fakeApi();
    api.launch.mockRejectedValueOnce(
      await responseError(504, 'AwsTimeoutError', 'slow'),
    );
    const { result, unmount } = renderHook(() => useStudioLauncher(api));

    act(() => result.current.launch({ lobId: 'risk' }));

    await waitFor(() => expect(result.current.state.status).toBe('failed'));
    expect(result.current.tab).toBe(tab);
    expect(tab.close).not.toHaveBeenCalled();

    unmount();
    expect(tab.close).toHaveBeenCalled();
  });

  it('closes a tab still waiting when the user resets (chose another LOB)', async () => {
    const tab = fakeTab();
    jest.spyOn(window, 'open').mockReturnValue(tab as any);
    const api = fakeApi({ launch: jest.fn(() => new Promise(() => {})) });
    const { result } = renderHook(() => useStudioLauncher(api));

    act(() => result.current.launch({ lobId: 'risk' }));
    act(() => result.current.reset());

    expect(tab.close).toHaveBeenCalled();
    expect(result.current.state).toEqual({ status: 'idle' });
    expect(result.current.tab).toBeUndefined();
  });
});
