export interface Config {
  sagemakerStudio?: {
    /**
     * Where data scientists get help with SageMaker Studio, shown on the
     * "Open Studio" card (also to users not set up yet). Without it the card
     * shows no link.
     */
    support?: {
      /**
       * The Studio guide for data scientists (an https URL).
       * @visibility frontend
       */
      docsUrl?: string;
      /**
       * Whom to ask, in words: a team, a chat channel, an email address.
       * @visibility frontend
       */
      contact?: string;
    };
  };
}
