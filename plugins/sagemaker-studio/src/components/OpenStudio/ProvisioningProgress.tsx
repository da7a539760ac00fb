import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { ProfileStatus } from '../../api';

/** The first launch in a LOB that creates profiles: what is happening, and for how long. */
export function ProvisioningProgress(props: {
  profile: ProfileStatus;
  /** Where Studio opens: `the new tab` from the card, `this tab` in the tab. */
  opensIn?: string;
}) {
  const { profile, opensIn = 'the new tab' } = props;
  const detail = [
    profile.awsStatus && `SageMaker status: ${profile.awsStatus}`,
    profile.elapsedSeconds !== undefined && `${profile.elapsedSeconds} s`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        Creating your Studio profile — first launch only
      </Typography>
      <LinearProgress
        aria-label={`Creating Studio user profile ${profile.userProfileName}`}
        sx={{ my: 1 }}
      />
      <Typography variant="body2" color="text.secondary">
        {detail
          ? `Profile ${profile.userProfileName}. ${detail}.`
          : `Profile ${profile.userProfileName}.`}{' '}
        Studio opens in {opensIn} when it is ready.
      </Typography>
    </Box>
  );
}
